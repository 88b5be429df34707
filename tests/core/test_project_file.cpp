// The .qbproj project file: round trip, model hash check, no partial files on cancel.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "core/calib/graph_calibration.h"
#include "core/formats/model_hash.h"
#include "core/datasets/image_dataset.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
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

TEST(ProjectFile, ModelHashIsFnv1a64OfTheFileBytes) {
    // /usr/bin/python3 -c "h=0xcbf29ce484222325
    // for b in open('mnist-12.onnx','rb').read(): h=((h^b)*0x100000001b3)%2**64
    // print('%016x'%h)"
    EXPECT_EQ(modelHash(test::model("onnx/mnist-12.onnx")), "fnv1a64:1d89ce2ff82db468");
    EXPECT_THROW(modelHash("/nonexistent/model.onnx"), Error);
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

TEST(ProjectFile, RejectsWrongVersionAndNonProjects) {
    test::TempDir dir;
    EXPECT_THROW(readProject(test::model("onnx/mnist-12.onnx")), Error);
    EXPECT_THROW(readProject(test::model("keras/mnist_cnn_small.h5")), Error);
    EXPECT_THROW(readProject(dir.file("missing.qbproj")), Error);
}

} // namespace
} // namespace qb
