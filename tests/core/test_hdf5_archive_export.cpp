// HDF5 archive export (docs/HDF5_ARCHIVE.md) of mnist-12 W8A8 (calibrated on MNIST) and of
// stories260K as RTN int4 g32 asym and as q4_0, reopened with the HDF5 C API: the unpacked codes,
// scales and zero points give back quant::dequantize of the project's layers exactly, the raw
// ggml blocks are the project's bytes, the provenance attributes are there, and h5dump lists the
// groups. A cancelled, refused or failing (full disk) export leaves an existing destination byte
// for byte.
#include <gtest/gtest.h>

#include <hdf5.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "core/exporters/hdf5_archive_export.h"
#include "core/formats/hdf5_util.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/calibrate.h"
#include "core/pipeline/export.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/rtn.h"
#include "core/util/error.h"
#include "test_support.h"

namespace qb {
namespace {

using exporters::ExportFormat;

const std::string kMnist = test::model("onnx/mnist-12.onnx");
const std::string kStories = test::model("llama2c/stories260K.bin");

struct Quantized {
    std::shared_ptr<const Model> model;
    Project project;
};

// quantize --bits 8 --act-bits 8 after calibrating on MNIST.
const Quantized& mnistW8A8() {
    static const Quantized q = [] {
        Quantized r{std::make_shared<const Model>(openModel(kMnist)), {}};
        pipeline::DataSpec data;
        data.path = test::shared("data/mnist");
        CalibrationSettings cs;
        cs.samples = 32;
        cs.seed = 7;
        Project base = pipeline::calibrate(r.model, data, cs, {});
        quant::PlanSettings s;
        s.bits = 8;
        s.actBits = 8;
        pipeline::QuantizeRequest req;
        req.plan = quant::uniformPlan(s);
        req.planSource = "test plan";
        r.project = pipeline::quantize(r.model, std::move(base), req, {}).project;
        return r;
    }();
    return q;
}

Quantized stories(const std::string& planJson) {
    Quantized r{std::make_shared<const Model>(openModel(kStories)), {}};
    pipeline::QuantizeRequest req;
    req.plan = quant::parsePlan(planJson, "plan");
    req.planSource = "plan";
    r.project = pipeline::quantize(r.model, std::nullopt, req, {}).project;
    return r;
}

struct Array {
    std::vector<hsize_t> dims;
    H5T_class_t cls = H5T_NO_CLASS;
    H5T_sign_t sign = H5T_SGN_ERROR;
    size_t typeSize = 0;
    std::vector<double> values; ///< converted by HDF5 to double
    std::vector<uint8_t> bytes; ///< uint8 datasets as stored
};

Array readArray(hid_t group, const char* name) {
    h5::QuietErrors quiet; // absent datasets (zero_points of symmetric layers) are expected
    Array a;
    h5::Id d(H5Dopen2(group, name, H5P_DEFAULT), H5Dclose);
    if (!d) return a;
    h5::Id space(H5Dget_space(d.get()), H5Sclose);
    a.dims.resize(size_t(H5Sget_simple_extent_ndims(space.get())));
    H5Sget_simple_extent_dims(space.get(), a.dims.data(), nullptr);
    h5::Id type(H5Dget_type(d.get()), H5Tclose);
    a.cls = H5Tget_class(type.get());
    a.typeSize = H5Tget_size(type.get());
    if (a.cls == H5T_INTEGER) a.sign = H5Tget_sign(type.get());
    a.values.resize(size_t(H5Sget_simple_extent_npoints(space.get())));
    H5Dread(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.values.data());
    if (a.cls == H5T_INTEGER && a.typeSize == 1 && a.sign == H5T_SGN_NONE) {
        a.bytes.resize(a.values.size());
        H5Dread(d.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, a.bytes.data());
    }
    return a;
}

double numberAttr(hid_t obj, const char* name) {
    double v = -12345;
    h5::Id a(H5Aopen(obj, name, H5P_DEFAULT), H5Aclose);
    if (a) H5Aread(a.get(), H5T_NATIVE_DOUBLE, &v);
    return v;
}

std::string stringAttr(const std::string& file, hid_t obj, const char* name) {
    return h5::stringAttribute(file, obj, name, "test").value_or("<absent>");
}

std::string groupName(const std::string& tensor) {
    std::string out;
    for (const char c : tensor) out += c == '/' ? std::string("%2F") : std::string(1, c);
    return out;
}

// Every layer of the project against its group: the values the archive's codes, scales and zero
// points stand for (or its dequantized dataset) are dequantize()'s, exactly. Returns the layers
// checked through integer codes.
size_t expectLayersMatch(const std::string& file, const Quantized& q) {
    h5::Id f(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    EXPECT_TRUE(f.valid());
    h5::Id layers(H5Gopen2(f.get(), "layers", H5P_DEFAULT), H5Gclose);
    EXPECT_TRUE(layers.valid());
    size_t integerLayers = 0;
    for (const auto& l : q.project.quantization->layers) {
        SCOPED_TRACE(l.name);
        h5::Id g(H5Gopen2(layers.get(), groupName(l.name).c_str(), H5P_DEFAULT), H5Gclose);
        if (!g) {
            ADD_FAILURE() << "no group";
            continue;
        }
        const quant::Scheme& s = *l.weight.scheme;
        EXPECT_EQ(stringAttr(file, g.get(), "name"), l.name);
        EXPECT_EQ(stringAttr(file, g.get(), "scheme"), s.name);
        EXPECT_EQ(numberAttr(g.get(), "bits"), s.bits);
        EXPECT_EQ(numberAttr(g.get(), "symmetric"), s.symmetric ? 1 : 0);
        EXPECT_EQ(numberAttr(g.get(), "rows"), double(l.weight.rows));
        EXPECT_EQ(numberAttr(g.get(), "cols"), double(l.weight.cols));
        EXPECT_TRUE(h5::hasAttribute(g.get(), "original_shape"));
        EXPECT_TRUE(h5::hasAttribute(g.get(), "granularity"));
        EXPECT_TRUE(h5::hasAttribute(g.get(), "group_size"));
        const std::vector<float> expected = quant::dequantize(l.weight);
        const auto rows = size_t(l.weight.rows), cols = size_t(l.weight.cols);
        std::vector<double> got(expected.size());
        if (s.kind == quant::SchemeKind::Integer) {
            ++integerLayers;
            const Array codes = readArray(g.get(), "codes"), scales = readArray(g.get(), "scales");
            const Array zeros = readArray(g.get(), "zero_points");
            EXPECT_EQ(codes.dims, (std::vector<hsize_t>{rows, cols}));
            EXPECT_EQ(codes.cls, H5T_INTEGER);
            EXPECT_EQ(codes.typeSize, 1u);
            EXPECT_EQ(codes.sign, s.symmetric ? H5T_SGN_2 : H5T_SGN_NONE);
            EXPECT_EQ(scales.cls, H5T_FLOAT);
            EXPECT_EQ(scales.typeSize, 4u);
            if (scales.dims.size() != 2 || scales.dims[1] == 0 || codes.values.size() != expected.size()) {
                ADD_FAILURE() << "codes or scales missing or of the wrong shape";
                continue;
            }
            EXPECT_EQ(scales.dims[0], rows);
            const size_t perRow = scales.dims[1];
            EXPECT_EQ(cols % perRow, 0u);
            if (s.granularity == quant::Granularity::Group) EXPECT_EQ(cols / perRow, size_t(s.group));
            EXPECT_EQ(zeros.dims.empty(), s.symmetric);
            if (!s.symmetric) {
                EXPECT_EQ(zeros.dims, scales.dims);
                EXPECT_EQ(zeros.typeSize, 1u); // uint8, the narrowest type 8-bit zero points fit
                EXPECT_EQ(zeros.sign, H5T_SGN_NONE);
            }
            const size_t groupLen = cols / perRow;
            for (size_t i = 0; i < got.size(); ++i) {
                const size_t k = (i / cols) * perRow + (i % cols) / groupLen;
                const double z = s.symmetric ? 0 : zeros.values[k];
                got[i] = float(float(codes.values[i] - z) * float(scales.values[k]));
            }
        } else {
            const Array values = readArray(g.get(), "dequantized");
            EXPECT_EQ(values.dims, (std::vector<hsize_t>{rows, cols}));
            got = values.values;
            if (s.kind == quant::SchemeKind::Ggml) {
                const Array blocks = readArray(g.get(), "blocks");
                EXPECT_EQ(blocks.bytes, l.weight.bytes);
                EXPECT_TRUE(h5::hasAttribute(g.get(), "ggml_type"));
            }
        }
        size_t mismatches = 0;
        for (size_t i = 0; i < expected.size(); ++i) mismatches += got[i] != double(expected[i]);
        EXPECT_EQ(mismatches, 0u);
        EXPECT_EQ(h5::hasAttribute(g.get(), "act_scale"), l.activation.has_value());
        if (l.activation) {
            EXPECT_EQ(float(numberAttr(g.get(), "act_scale")), l.activation->scale);
            EXPECT_EQ(numberAttr(g.get(), "act_zero_point"), l.activation->zero);
            EXPECT_EQ(numberAttr(g.get(), "act_bits"), l.activation->bits);
            EXPECT_EQ(numberAttr(g.get(), "act_unsigned"), l.activation->isUnsigned ? 1 : 0);
        }
        const Array inputScale = readArray(g.get(), "input_scale");
        EXPECT_EQ(inputScale.values.size(), l.inputScale.size());
    }
    return integerLayers;
}

std::string h5dumpHeader(const std::string& file) {
    std::string out;
    FILE* p = ::popen(("h5dump -H '" + file + "' 2>&1").c_str(), "r");
    if (!p) return out;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
    ::pclose(p);
    return out;
}

bool haveH5dump() { return std::system("command -v h5dump >/dev/null 2>&1") == 0; }

TEST(Hdf5ArchiveExport, MnistW8A8CodesScalesAndProvenance) {
    const Quantized& q = mnistW8A8();
    ASSERT_TRUE(q.project.quantization);
    test::TempDir dir;
    const std::string out = dir.file("mnist.h5");
    const auto check = pipeline::checkExport(ExportFormat::Hdf5, *q.model, q.project);
    EXPECT_TRUE(check.problems.empty());
    EXPECT_TRUE(check.fallbacks.empty());
    const auto r = pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
    EXPECT_EQ(r.layers, q.project.quantization->layers.size());
    EXPECT_EQ(r.sizeBytes, std::filesystem::file_size(out));
    size_t act = 0;
    for (const auto& l : q.project.quantization->layers) act += l.activation.has_value();
    EXPECT_GE(act, 3u); // both convolutions and the MatMul read quantized activations
    EXPECT_EQ(expectLayersMatch(out, q), q.project.quantization->layers.size());

    h5::Id f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    ASSERT_TRUE(f.valid());
    EXPECT_EQ(stringAttr(out, f.get(), "format"), "quantbench-archive");
    EXPECT_EQ(numberAttr(f.get(), "version"), 1);
    EXPECT_EQ(stringAttr(out, f.get(), "quantbench_version"), QB_VERSION);
    EXPECT_EQ(stringAttr(out, f.get(), "model_path"), q.project.modelPath);
    EXPECT_EQ(stringAttr(out, f.get(), "model_hash"), q.project.modelHash);
    EXPECT_FALSE(q.project.modelHash.empty());
    EXPECT_EQ(stringAttr(out, f.get(), "plan"), q.project.quantization->plan);
    EXPECT_EQ(stringAttr(out, f.get(), "method"), q.project.quantization->method);
    EXPECT_EQ(stringAttr(out, f.get(), "calibration_data_path"), q.project.calibration.settings.dataPath);
    EXPECT_EQ(numberAttr(f.get(), "calibration_samples"), 32);
    EXPECT_EQ(numberAttr(f.get(), "calibration_seed"), 7);
    EXPECT_TRUE(h5::stringListAttribute(out, f.get(), "float_layers", "test").has_value());
    std::printf("mnist-12 W8A8: %zu layers, archive %llu bytes, plan %llu bytes\n", r.layers,
                static_cast<unsigned long long>(r.sizeBytes),
                static_cast<unsigned long long>(quant::quantizedSize(q.project.quantization->layers).bytes));
}

TEST(Hdf5ArchiveExport, StoriesInt4G32AsymAndQ4_0) {
    for (const std::string plan : {R"({"default": {"bits": 4, "group": 32, "symmetric": false}})",
                                   R"({"default": "q4_0"})"}) {
        SCOPED_TRACE(plan);
        const Quantized q = stories(plan);
        test::TempDir dir;
        const std::string out = dir.file("stories.h5");
        const auto r = pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
        const bool ggml = plan.find("q4_0") != std::string::npos;
        const size_t ints = expectLayersMatch(out, q);
        EXPECT_EQ(ints, ggml ? 0u : q.project.quantization->layers.size());
        // Every q4_0 layer is a fallback (raw blocks plus float32 values); none for int4.
        EXPECT_EQ(r.fallbacks.size(), ggml ? q.project.quantization->layers.size() : 0u);
        h5::Id f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
        EXPECT_FALSE(h5::hasAttribute(f.get(), "calibration_data_path")); // not calibrated
        const uint64_t planned = quant::quantizedSize(q.project.quantization->layers).bytes;
        std::printf("stories260K %s: %zu layers, archive %llu bytes, plan %llu bytes (%.2fx)\n", plan.c_str(),
                    r.layers, static_cast<unsigned long long>(r.sizeBytes), static_cast<unsigned long long>(planned),
                    double(r.sizeBytes) / double(planned));
        // One byte per code plus float32 scales (int4 g32: 8 bits + 32/32 bits a weight, against
        // the plan's 4.5), and q4_0 adds 32 bits of float per weight to its 4.5: the archive is
        // plain, not small, but never beyond that bound plus the HDF5 headers.
        EXPECT_GT(r.sizeBytes, planned);
        EXPECT_LT(double(r.sizeBytes), planned * (ggml ? 9.0 : 4.0) + 200000);
        if (!haveH5dump()) continue;
        const std::string header = h5dumpHeader(out);
        EXPECT_NE(header.find("GROUP \"layers\""), std::string::npos) << header.substr(0, 500);
        for (const auto& l : q.project.quantization->layers)
            EXPECT_NE(header.find("GROUP \"" + l.name + "\""), std::string::npos) << l.name;
        EXPECT_NE(header.find(ggml ? "DATASET \"blocks\"" : "DATASET \"zero_points\""), std::string::npos);
    }
}

// A layer the plan keeps in float has no group and is named in the root's float_layers.
TEST(Hdf5ArchiveExport, FloatKeptLayersAreListedAndAbsent) {
    const Quantized q = stories(R"({"default": {"bits": 4, "group": 32}, "layers": {"blk.0.attn_q.weight": "fp32"}})");
    for (const auto& l : q.project.quantization->layers) ASSERT_NE(l.name, "blk.0.attn_q.weight");
    test::TempDir dir;
    const std::string out = dir.file("s.h5");
    const auto r = pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
    EXPECT_EQ(r.layers, 35u);
    h5::Id f(H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose);
    ASSERT_TRUE(f.valid());
    EXPECT_EQ(h5::stringListAttribute(out, f.get(), "float_layers", "test"),
              std::optional<std::vector<std::string>>(std::vector<std::string>{"blk.0.attn_q.weight"}));
    h5::Id layers(H5Gopen2(f.get(), "layers", H5P_DEFAULT), H5Gclose);
    const auto groups = h5::childNames(out, layers.get(), H5O_TYPE_GROUP, "test");
    EXPECT_EQ(groups.size(), 35u);
    EXPECT_EQ(std::count(groups.begin(), groups.end(), "blk.0.attn_q.weight"), 0);
    EXPECT_EQ(numberAttr(layers.get(), "count"), 35);
}

TEST(Hdf5ArchiveExport, H5dumpListsTheGroupsAndAttributes) {
    if (!haveH5dump()) GTEST_SKIP() << "h5dump is not installed (Debian: hdf5-tools)";
    const Quantized& q = mnistW8A8();
    test::TempDir dir;
    const std::string out = dir.file("mnist.h5");
    pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
    const std::string header = h5dumpHeader(out);
    for (const auto& l : q.project.quantization->layers)
        EXPECT_NE(header.find("GROUP \"" + groupName(l.name) + "\""), std::string::npos) << l.name << "\n" << header;
    for (const char* a : {"format", "model_hash", "plan", "calibration_data_path", "act_scale", "orientation"})
        EXPECT_NE(header.find("ATTRIBUTE \"" + std::string(a) + "\""), std::string::npos) << a;
    EXPECT_NE(header.find("DATASET \"codes\""), std::string::npos);
    EXPECT_NE(header.find("H5T_STD_I8LE"), std::string::npos);
}

TEST(Hdf5ArchiveExport, CancelLeavesTheDestinationAsItWas) {
    const Quantized& q = mnistW8A8();
    test::TempDir dir;
    const std::string out = dir.file("keep.h5");
    const std::vector<unsigned char> before = {'k', 'e', 'e', 'p'};
    test::writeAll(out, before);
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    int reports = 0;
    job.progress = [&](double, std::string_view stage) {
        if (stage.starts_with("layer ") && ++reports == 2) cancel = true; // after the first layer
    };
    EXPECT_THROW(pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, job), Cancelled);
    EXPECT_EQ(reports, 2);
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
    // With nothing there, a cancel leaves nothing.
    std::filesystem::remove(out);
    reports = 0;
    cancel = false;
    EXPECT_THROW(pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, job), Cancelled);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

TEST(Hdf5ArchiveExport, RefusedExportKeepsAnExistingFile) {
    Quantized q = mnistW8A8();
    q.project.quantization->layers.back().name = "no_such_tensor";
    const auto check = pipeline::checkExport(ExportFormat::Hdf5, *q.model, q.project);
    ASSERT_FALSE(check.problems.empty());
    bool named = false;
    for (const auto& p : check.problems) named |= p.find("no_such_tensor") != std::string::npos;
    EXPECT_TRUE(named);
    test::TempDir dir;
    const std::string out = dir.file("keep.h5");
    const std::vector<unsigned char> before = {'o', 'l', 'd', '\n'};
    test::writeAll(out, before);
    try {
        pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
        ADD_FAILURE() << "a layer the model lacks was exported";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("no_such_tensor"), std::string::npos) << e.what();
    }
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);

    Project bare = q.project;
    bare.quantization.reset();
    EXPECT_THROW(pipeline::exportProject(ExportFormat::Hdf5, q.model, bare, out, {}), Error);
    EXPECT_EQ(test::readAll(out), before);
}

// In a child process whose writes fail as on a full disk (RLIMIT_FSIZE: EFBIG) once the file
// passes 64 KiB: the export throws a qb::Error naming the destination, removes its temporary
// file, and the existing destination stays byte for byte.
TEST(Hdf5ArchiveExport, FullDiskLeavesNoFileAndKeepsTheDestination) {
    const Quantized q = stories(R"({"default": {"bits": 4, "group": 32, "symmetric": false}})");
    test::TempDir dir;
    const std::string out = dir.file("keep.h5");
    const std::vector<unsigned char> before = {'o', 'l', 'd'};
    test::writeAll(out, before);
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit lim{64 << 10, 64 << 10};
        ::setrlimit(RLIMIT_FSIZE, &lim);
        try {
            pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, out, {});
        } catch (const Error& e) {
            ::_exit(e.where() == out ? 10 : 11);
        } catch (...) {
            ::_exit(12);
        }
        ::_exit(0);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 10);
    EXPECT_EQ(test::readAll(out), before);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

} // namespace
} // namespace qb

namespace qb {
namespace {

// HDF5 stores modification times in object headers unless told not to: two exports a second
// apart then differ. They must be the same bytes.
TEST(Hdf5ArchiveExport, SameExportASecondLaterIsTheSameBytes) {
    const Quantized& q = mnistW8A8();
    test::TempDir dir;
    pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, dir.file("a.h5"), {});
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    pipeline::exportProject(ExportFormat::Hdf5, q.model, q.project, dir.file("b.h5"), {});
    EXPECT_EQ(test::readAll(dir.file("a.h5")), test::readAll(dir.file("b.h5")));
}

} // namespace
} // namespace qb
