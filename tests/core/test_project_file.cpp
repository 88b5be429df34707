// The .qbproj project file: round trip, model hash check, no partial files on cancel.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <cstdio>
#include <unistd.h>
#include <vector>
#include <filesystem>

#include "core/calib/graph_calibration.h"
#include "core/formats/model_hash.h"
#include "core/datasets/image_dataset.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "test_support.h"

namespace qb {
namespace {

namespace fs = std::filesystem;

// A calibrated project of a private copy of mnist-12 (so the test can change the model file).
Project mnistProject(const std::string& modelCopy) {
    fs::copy_file(test::model("onnx/mnist-12.onnx"), modelCopy);
    CalibrationSettings s;
    s.samples = 16;
    s.seed = 11;
    s.dataPath = test::shared("data/mnist");
    s.preprocessing = "raw";
    Project p;
    p.modelPath = modelCopy;
    p.modelHash = modelHash(modelCopy);
    p.calibration = calibrateGraph(openModel(modelCopy), loadDataset(s.dataPath), Preprocess{}, s);
    return p;
}

std::vector<std::string> filesIn(const std::string& dir) {
    std::vector<std::string> r;
    for (const auto& e : fs::directory_iterator(dir)) r.push_back(e.path().filename().string());
    std::sort(r.begin(), r.end());
    return r;
}

TEST(ProjectFile, ModelHashIsFourLaneFnv1a64) {
    // Values from the Python definition in docs/PROJECT_FORMAT.md ("Model hash").
    EXPECT_EQ(modelHash(test::model("onnx/mnist-12.onnx")), "fnv1a64x4:0f0fedac9985e9c0");
    const std::filesystem::path folder = std::filesystem::path(::testing::TempDir()) / "qb_hash_folder";
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    { std::FILE* f = std::fopen((folder / "config.json").c_str(), "wb"); std::fputs("{\"a\":1}", f); std::fclose(f); }
    {
        std::string bytes;
        for (int r = 0; r < 3; ++r)
            for (int b = 0; b < 256; ++b) bytes.push_back(char(b));
        bytes += "xyz"; // 771 bytes: 24 whole 32-byte rows and a tail of 3
        std::FILE* f = std::fopen((folder / "model.safetensors").c_str(), "wb");
        std::fwrite(bytes.data(), 1, bytes.size(), f);
        std::fclose(f);
    }
    EXPECT_EQ(modelHash(folder.string()), "fnv1a64x4:268d2892082d16e9");
    std::filesystem::remove_all(folder);
    EXPECT_THROW(modelHash("/nonexistent/model.onnx"), Error);
}

// Projects written before the four-lane hash hold byte-wise FNV-1a: still checked by it.
TEST(ProjectFile, ModelHashOfOlderProjectsIsByteWiseFnv1a64) {
    // /usr/bin/python3 -c "h=0xcbf29ce484222325
    // for b in open('mnist-12.onnx','rb').read(): h=((h^b)*0x100000001b3)%2**64
    // print('%016x'%h)"
    const std::string mnist = test::model("onnx/mnist-12.onnx");
    EXPECT_EQ(modelHashLike("fnv1a64:0000000000000000", mnist), "fnv1a64:1d89ce2ff82db468");
    EXPECT_EQ(modelHashLike("fnv1a64x4:0000000000000000", mnist), modelHash(mnist));
    Project old;
    old.modelPath = mnist;
    old.modelHash = "fnv1a64:1d89ce2ff82db468";
    EXPECT_NO_THROW(checkProjectModel(old));
    old.modelHash = "fnv1a64:1d89ce2ff82db469";
    EXPECT_THROW(checkProjectModel(old), Error);
}

// A big model's hash takes minutes: it says how far it is, per 64 MiB, up to the whole size.
TEST(ProjectFile, ModelHashReportsItsProgress) {
    const std::string path = ::testing::TempDir() + "qb_hash_progress.bin";
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        ASSERT_NE(f, nullptr);
        ASSERT_EQ(::ftruncate(::fileno(f), int64_t(200) << 20), 0); // 200 MiB of zeros, sparse
        std::fclose(f);
    }
    std::vector<double> fractions;
    JobContext job;
    job.progress = [&](double f, std::string_view stage) {
        EXPECT_EQ(stage, "hashing the model");
        fractions.push_back(f);
    };
    const std::string hashed = modelHash(path, job);
    std::filesystem::remove(path);
    ASSERT_EQ(fractions.size(), 4u); // at 0, 64, 128 and 192 MiB
    EXPECT_DOUBLE_EQ(fractions[0], 0.0);
    EXPECT_DOUBLE_EQ(fractions[1], 64.0 / 200.0);
    EXPECT_DOUBLE_EQ(fractions[3], 192.0 / 200.0);
    EXPECT_EQ(hashed.rfind("fnv1a64x4:", 0), 0u);
}

TEST(ProjectFile, RoundTripKeepsEverything) {
    test::TempDir dir;
    const Project p = mnistProject(dir.file("mnist.onnx"));
    const std::string path = dir.file("p.qbproj");
    writeProject(path, p);
    EXPECT_TRUE(isProjectFile(path));
    EXPECT_FALSE(isProjectFile(test::model("onnx/mnist-12.onnx")));
    EXPECT_FALSE(isProjectFile(test::model("keras/mnist_cnn_small.h5"))); // HDF5, but not a project

    const Project q = openProject(path);
    EXPECT_EQ(q.modelPath, p.modelPath);
    EXPECT_EQ(q.modelHash, p.modelHash);
    EXPECT_EQ(q.calibration.settings.dataPath, p.calibration.settings.dataPath);
    EXPECT_EQ(q.calibration.settings.samples, 16);
    EXPECT_EQ(q.calibration.settings.seed, 11u);
    EXPECT_EQ(q.calibration.settings.preprocessing, "raw");
    EXPECT_EQ(q.calibration.samplesUsed, 16);
    ASSERT_EQ(q.calibration.layers.size(), p.calibration.layers.size());
    for (size_t k = 0; k < p.calibration.layers.size(); ++k) {
        const LayerStats &a = p.calibration.layers[k], &b = q.calibration.layers[k];
        EXPECT_EQ(a.name, b.name);
        EXPECT_EQ(a.kind, b.kind);
        EXPECT_EQ(a.channelAbsMax, b.channelAbsMax);
        for (const auto& [x, y] : {std::pair{&a.weight, &b.weight}, {&a.activation, &b.activation}}) {
            EXPECT_EQ(x->count, y->count);
            EXPECT_EQ(x->min, y->min);
            EXPECT_EQ(x->max, y->max);
            EXPECT_EQ(x->mean, y->mean);
            EXPECT_EQ(x->std, y->std);
            EXPECT_EQ(x->p99_9, y->p99_9);
            EXPECT_EQ(x->p99_99, y->p99_99);
            EXPECT_EQ(x->histogram.counts, y->histogram.counts);
            EXPECT_EQ(x->histogram.lo, y->histogram.lo);
            EXPECT_EQ(x->histogram.hi, y->histogram.hi);
            for (size_t m = 0; m < 4; ++m) {
                EXPECT_EQ(x->clips[m].method, y->clips[m].method);
                EXPECT_EQ(x->clips[m].lo, y->clips[m].lo);
                EXPECT_EQ(x->clips[m].hi, y->clips[m].hi);
                EXPECT_EQ(x->clips[m].sqnrDb, y->clips[m].sqnrDb);
            }
        }
    }
    EXPECT_EQ(filesIn(dir.file("")), (std::vector<std::string>{"mnist.onnx", "p.qbproj"})); // no temp left
}

TEST(ProjectFile, ChangedModelIsRefused) {
    test::TempDir dir;
    const std::string model = dir.file("mnist.onnx");
    const Project p = mnistProject(model);
    const std::string path = dir.file("p.qbproj");
    writeProject(path, p);
    auto bytes = test::readAll(model);
    bytes[bytes.size() / 2] ^= 1; // one bit of one weight
    test::writeAll(model, bytes);
    EXPECT_NO_THROW(readProject(path)); // the statistics still read
    try {
        openProject(path);
        FAIL() << "a changed model was accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.where(), model);
        EXPECT_NE(std::string(e.what()).find("the model changed"), std::string::npos) << e.what();
    }
    fs::remove(model);
    EXPECT_THROW(openProject(path), Error);
}

TEST(ProjectFile, CancelLeavesNoFile) {
    test::TempDir dir;
    const Project p = mnistProject(dir.file("mnist.onnx"));
    std::atomic<bool> cancel{true};
    JobContext job;
    job.cancel = &cancel;
    EXPECT_THROW(writeProject(dir.file("p.qbproj"), p, job), Cancelled);
    EXPECT_EQ(filesIn(dir.file("")), std::vector<std::string>{"mnist.onnx"});
    // An existing project is left as it was.
    writeProject(dir.file("p.qbproj"), p);
    const auto before = test::readAll(dir.file("p.qbproj"));
    EXPECT_THROW(writeProject(dir.file("p.qbproj"), p, job), Cancelled);
    EXPECT_EQ(test::readAll(dir.file("p.qbproj")), before);
    EXPECT_EQ(filesIn(dir.file("")), (std::vector<std::string>{"mnist.onnx", "p.qbproj"}));
}

// A project of stories260K quantized to 4 bits in groups of 32, with its layers still to come.
struct StoriesProject {
    Model model = openModel(test::model("gguf/stories260K.gguf"));
    std::vector<quant::LayerPlan> plan;
    Project header;
    StoriesProject() {
        const quant::Plan p = quant::parsePlan(R"({"default": {"bits": 4, "group": 32}})", "p");
        plan = quant::resolvePlan(p, model, "p");
        header.modelPath = model.path;
        header.modelHash = modelHash(model.path);
        header.quantization = ProjectQuantization{quant::planJson(p), "rtn", {}};
    }
};

void expectSameLayer(const quant::QuantizedLayer& a, const quant::QuantizedLayer& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.method, b.method) << a.name;
    ASSERT_TRUE(a.weight.scheme && b.weight.scheme) << a.name;
    EXPECT_EQ(a.weight.scheme->name, b.weight.scheme->name) << a.name;
    EXPECT_EQ(a.weight.rows, b.weight.rows) << a.name;
    EXPECT_EQ(a.weight.cols, b.weight.cols) << a.name;
    EXPECT_EQ(a.weight.bytes, b.weight.bytes) << a.name;
    EXPECT_EQ(a.inputScale, b.inputScale) << a.name;
    ASSERT_EQ(a.activation.has_value(), b.activation.has_value()) << a.name;
    if (a.activation) {
        EXPECT_EQ(a.activation->bits, b.activation->bits);
        EXPECT_EQ(a.activation->scale, b.activation->scale);
        EXPECT_EQ(a.activation->zero, b.activation->zero);
        EXPECT_EQ(a.activation->isUnsigned, b.activation->isUnsigned);
    }
}

// Layers streamed into the writer as the quantizer finishes them read back as they were, and
// are on disk (in the temporary file) before the commit; the target appears only at the commit.
TEST(ProjectFile, StreamedLayersReadBackAsWritten) {
    test::TempDir dir;
    const StoriesProject s;
    const auto collected = quant::quantizeModel(s.model, s.plan, {});
    ASSERT_EQ(collected.size(), 37u);
    quant::QuantizedLayer scaled = collected[3]; // AWQ-like extras the quantizer gave no layer here
    scaled.name = "scaled.weight";
    scaled.method = "awq";
    scaled.inputScale.assign(size_t(scaled.weight.cols), 0.5f);
    scaled.inputScale[1] = 2.0f;
    scaled.activation = quant::ActivationQuant{.bits = 8, .scale = 0.25f, .zero = 3, .isUnsigned = true};

    const std::string path = dir.file("p.qbproj");
    uint64_t weightBytes = 0;
    {
        ProjectWriter w(path, s.header);
        quant::quantizeModel(s.model, s.plan, {}, w.sink());
        w.add(scaled);
        EXPECT_EQ(w.layerCount(), 38u);
        for (const auto& l : collected) weightBytes += l.weight.bytes.size();
        const auto files = filesIn(dir.file(""));
        ASSERT_EQ(files.size(), 1u);
        EXPECT_EQ(files[0].rfind("p.qbproj.tmp-", 0), 0u) << files[0];
        EXPECT_GE(fs::file_size(dir.file(files[0])), weightBytes); // written as they came
        w.commit();
        EXPECT_THROW(w.add(scaled), Error);
    }
    EXPECT_EQ(filesIn(dir.file("")), std::vector<std::string>{"p.qbproj"});
    const Project q = openProject(path);
    EXPECT_EQ(q.modelPath, s.header.modelPath);
    EXPECT_EQ(q.modelHash, s.header.modelHash);
    EXPECT_TRUE(q.calibration.layers.empty());
    ASSERT_TRUE(q.quantization);
    EXPECT_EQ(q.quantization->plan, s.header.quantization->plan);
    EXPECT_EQ(q.quantization->method, "rtn");
    ASSERT_EQ(q.quantization->layers.size(), 38u);
    for (size_t k = 0; k < collected.size(); ++k) expectSameLayer(q.quantization->layers[k], collected[k]);
    expectSameLayer(q.quantization->layers[37], scaled);

    // writeProject is the same writer given every layer at once: the same project.
    Project whole = s.header;
    whole.quantization->layers = collected;
    whole.quantization->layers.push_back(scaled);
    writeProject(dir.file("whole.qbproj"), whole);
    const Project r = readProject(dir.file("whole.qbproj"));
    ASSERT_EQ(r.quantization->layers.size(), 38u);
    for (size_t k = 0; k < r.quantization->layers.size(); ++k)
        expectSameLayer(r.quantization->layers[k], q.quantization->layers[k]);
}

// A writer dropped without commit (a cancel, a failing quantizer) leaves no file and an existing
// project as it was; a layer written twice or a project without quantization is refused.
// No modification times in the file: the same project written a second later is the same bytes
// (what a resumed quantize relies on to be identical to an uninterrupted one).
TEST(ProjectFile, SameProjectGivesTheSameBytes) {
    test::TempDir dir;
    const StoriesProject s;
    Project p = s.header;
    p.quantization->layers = quant::quantizeModel(s.model, s.plan, {});
    writeProject(dir.file("a.qbproj"), p);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100)); // HDF5 times have 1 s resolution
    writeProject(dir.file("b.qbproj"), p);
    const auto a = test::readAll(dir.file("a.qbproj")), b = test::readAll(dir.file("b.qbproj"));
    EXPECT_GT(a.size(), 140000u);
    EXPECT_TRUE(a == b);
}

TEST(ProjectFile, WriterWithoutCommitLeavesNothing) {
    test::TempDir dir;
    const StoriesProject s;
    const std::string path = dir.file("p.qbproj");
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    job.progress = [&](double, std::string_view stage) {
        if (std::string(stage).rfind("layer 5/", 0) == 0) cancel = true;
    };
    {
        ProjectWriter w(path, s.header);
        EXPECT_THROW(quant::quantizeModel(s.model, s.plan, {}, w.sink(), job), Cancelled);
        EXPECT_EQ(w.layerCount(), 5u); // the fifth finished before the cancel was seen
        EXPECT_EQ(filesIn(dir.file("")).size(), 1u); // the temporary file, until the writer goes
    }
    EXPECT_TRUE(filesIn(dir.file("")).empty());

    Project old = s.header;
    old.quantization->layers = quant::quantizeModel(s.model, std::span(s.plan).first(2), {});
    writeProject(path, old);
    const auto before = test::readAll(path);
    {
        ProjectWriter w(path, s.header);
        quant::quantizeModel(s.model, s.plan, {}, w.sink());
        try {
            w.add(old.quantization->layers[1]);
            FAIL() << "a layer was written twice";
        } catch (const Error& e) {
            EXPECT_EQ(e.where(), path);
            EXPECT_NE(std::string(e.what()).find("'" + old.quantization->layers[1].name + "' is written twice"),
                      std::string::npos) << e.what();
        }
    } // no commit
    EXPECT_EQ(test::readAll(path), before);
    EXPECT_EQ(filesIn(dir.file("")), std::vector<std::string>{"p.qbproj"});

    Project calibrationOnly = s.header;
    calibrationOnly.quantization.reset();
    ProjectWriter w(dir.file("c.qbproj"), calibrationOnly);
    EXPECT_THROW(w.add(old.quantization->layers[0]), Error);
    w.commit();
    EXPECT_FALSE(readProject(dir.file("c.qbproj")).quantization);
}

TEST(ProjectFile, RejectsWrongVersionAndNonProjects) {
    test::TempDir dir;
    EXPECT_THROW(readProject(test::model("onnx/mnist-12.onnx")), Error);
    EXPECT_THROW(readProject(test::model("keras/mnist_cnn_small.h5")), Error);
    EXPECT_THROW(readProject(dir.file("missing.qbproj")), Error);
}

} // namespace
} // namespace qb
