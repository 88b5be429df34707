// End-to-end: `quantbench-cli calibrate` writes a project that `inspect --json` shows with the
// model's keys plus per-layer statistics; SIGINT leaves nothing behind. Calibration takes data
// without labels (a bare .npy, a flat image folder); eval refuses that data.
#include <png.h>

#include <chrono>
#include <filesystem>
#include <tuple>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"
#include "core/datasets/idx_dataset.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

namespace fs = std::filesystem;

const char* kStatKeys[] = {"min", "max", "mean", "std", "p99_9", "p99_99",
                           "clip_minmax", "clip_percentile", "clip_mse", "clip_kl"};

TEST(CliCalibrate, Mnist12ProjectInspectsWithLayerStatistics) {
    qb::test::TempDir dir;
    const std::string out = dir.file("m.qbproj");
    const auto r = runCli("calibrate " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " +
                          shellQuote(qb::test::shared("data/mnist")) + " --samples 64 --seed 5 --out " + shellQuote(out) +
                          " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["output"], out);
    EXPECT_EQ(j["layers"], 3);
    EXPECT_TRUE(j["seconds"].is_number());

    const auto i = runCli("inspect " + shellQuote(out) + " --json");
    ASSERT_EQ(i.code, 0) << i.err;
    const auto p = nlohmann::json::parse(i.out);
    // The model's own inspect keys (8 tensors, 5998 params: see test_cli_inspect.cpp) ...
    EXPECT_EQ(p["format"], "onnx");
    EXPECT_EQ(p["tensors"].size(), 8u);
    EXPECT_EQ(p["total_params"], 5998);
    // ... plus one entry per quantizable layer, in execution order.
    ASSERT_EQ(p["layers"].size(), 3u);
    EXPECT_EQ(p["layers"][0]["name"], "Parameter5");
    EXPECT_EQ(p["layers"][2]["name"], "Parameter193");
    for (const auto& l : p["layers"])
        for (const char* part : {"weight", "activation"})
            for (const char* k : kStatKeys) EXPECT_TRUE(l[part].contains(k)) << l["name"] << " " << part << "." << k;
    EXPECT_EQ(p["layers"][0]["activation"]["min"], 0.0); // raw pixels
    EXPECT_EQ(p["layers"][0]["activation"]["max"], 255.0);
}

// The first `count` MNIST test images as an unlabelled uint8 [count,28,28] .npy (version 1.0:
// magic, version, header length, dict padded so the data starts at a multiple of 64).
void writeMnistNpy(const std::string& path, int64_t count) {
    const qb::IdxArray images = qb::readIdx(qb::test::shared("data/mnist/t10k-images-idx3-ubyte.gz"));
    std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + std::to_string(count) + ", 28, 28), }";
    while ((10 + dict.size() + 1) % 64) dict += ' ';
    dict += '\n';
    std::vector<unsigned char> b{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(dict.size() & 255), uint8_t(dict.size() >> 8)};
    b.insert(b.end(), dict.begin(), dict.end());
    b.insert(b.end(), images.data.begin(), images.data.begin() + count * 784);
    qb::test::writeAll(path, b);
}

// The first `count` MNIST test images as grey 28x28 PNGs named digit_00.png, digit_01.png ...
void writeMnistPngs(const std::string& dir, int count) {
    const qb::IdxArray images = qb::readIdx(qb::test::shared("data/mnist/t10k-images-idx3-ubyte.gz"));
    for (int n = 0; n < count; ++n) {
        png_image img{};
        img.version = PNG_IMAGE_VERSION;
        img.width = img.height = 28;
        img.format = PNG_FORMAT_GRAY;
        const std::string path = dir + "/digit_" + (n < 10 ? "0" : "") + std::to_string(n) + ".png";
        ASSERT_TRUE(png_image_write_to_file(&img, path.c_str(), 0, images.data.data() + n * 784, 0, nullptr)) << img.message;
    }
}

// runCli under coreutils' timeout: killed (exit 137) after `seconds`.
qb::test::CliResult runCliWithin(int seconds, const std::string& args) {
    qb::test::TempDir tmp;
    const std::string errFile = tmp.file("stderr");
    const std::string cmd = "timeout -s KILL " + std::to_string(seconds) + " " + shellQuote(QB_CLI) + " " + args +
                            " 2>" + shellQuote(errFile);
    qb::test::CliResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    const auto e = qb::test::readAll(errFile);
    r.err.assign(e.begin(), e.end());
    return r;
}

nlohmann::json calibrateAndInspect(const std::string& data, const std::string& out, const std::string& options) {
    const auto r = runCli("calibrate " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " + shellQuote(data) +
                          " " + options + " --out " + shellQuote(out) + " --json");
    EXPECT_EQ(r.code, 0) << r.err;
    if (r.code != 0) return {};
    EXPECT_EQ(nlohmann::json::parse(r.out)["layers"], 3);
    const auto i = runCli("inspect " + shellQuote(out) + " --json");
    EXPECT_EQ(i.code, 0) << i.err;
    return i.code == 0 ? nlohmann::json::parse(i.out) : nlohmann::json{};
}

// All 10000 MNIST test images as a bare x.npy (no y.npy beside it) are the IDX images without
// their labels: the same seed picks the same samples, so every statistic must be identical.
TEST(CliCalibrate, UnlabelledNpyMatchesTheLabelledIdxData) {
    qb::test::TempDir dir;
    const std::string npy = dir.file("x.npy");
    writeMnistNpy(npy, 10000);
    const auto p = calibrateAndInspect(npy, dir.file("npy.qbproj"), "--samples 64 --seed 5");
    const auto q = calibrateAndInspect(qb::test::shared("data/mnist"), dir.file("idx.qbproj"), "--samples 64 --seed 5");
    ASSERT_FALSE(p.is_null());
    ASSERT_FALSE(q.is_null());
    EXPECT_EQ(p["project"]["samples"], 64);
    EXPECT_EQ(p["project"]["data"], npy);
    ASSERT_EQ(p["layers"].size(), 3u);
    EXPECT_EQ(p["layers"][0]["name"], "Parameter5");
    EXPECT_EQ(p["layers"][0]["activation"]["min"], 0.0); // raw pixels
    EXPECT_EQ(p["layers"][0]["activation"]["max"], 255.0);
    EXPECT_GT(p["layers"][2]["activation"]["std"].get<double>(), 0.0);
    EXPECT_EQ(p["layers"], q["layers"]);
}

// A flat folder of PNGs (no class subfolders) is read in file-name order: it calibrates exactly
// as a .npy of the same images in that order, here on 8 of 12 samples chosen by the seed.
TEST(CliCalibrate, FlatImageFolderMatchesTheSameImagesAsNpy) {
    qb::test::TempDir dir;
    const std::string folder = dir.file("digits"), npy = dir.file("x.npy");
    fs::create_directories(folder);
    writeMnistPngs(folder, 12);
    writeMnistNpy(npy, 12);
    const auto p = calibrateAndInspect(folder, dir.file("png.qbproj"), "--samples 8 --seed 3");
    const auto q = calibrateAndInspect(npy, dir.file("npy.qbproj"), "--samples 8 --seed 3");
    ASSERT_FALSE(p.is_null());
    ASSERT_FALSE(q.is_null());
    EXPECT_EQ(p["project"]["samples"], 8);
    EXPECT_EQ(p["project"]["data"], folder);
    ASSERT_EQ(p["layers"].size(), 3u);
    EXPECT_EQ(p["layers"][2]["name"], "Parameter193");
    EXPECT_EQ(p["layers"][0]["activation"]["min"], 0.0);
    EXPECT_EQ(p["layers"][0]["activation"]["max"], 255.0);
    EXPECT_EQ(p["layers"], q["layers"]);
    // The folder's first image, digit_00.png, is MNIST's first test image (a 7): its pixel sum
    // 18454 (test_idx_dataset) shows in calibrating on that image alone.
    fs::create_directories(dir.file("one"));
    fs::copy_file(folder + "/digit_00.png", dir.file("one/only.png"));
    const auto one = calibrateAndInspect(dir.file("one"), dir.file("one.qbproj"), "--samples 1");
    ASSERT_FALSE(one.is_null());
    EXPECT_NEAR(one["layers"][0]["activation"]["mean"].get<double>(), 18454.0 / 784, 1e-3);
}

// The same unlabelled data that calibrates is refused by eval: exit 1, one line naming the data
// and what would give it labels.
TEST(CliCalibrate, EvalOnTheUnlabelledDataIsRefused) {
    qb::test::TempDir dir;
    const std::string npy = dir.file("x.npy"), folder = dir.file("digits");
    writeMnistNpy(npy, 12);
    fs::create_directories(folder);
    writeMnistPngs(folder, 12);
    const std::string model = shellQuote(qb::test::model("onnx/mnist-12.onnx"));

    const auto n = runCli("eval " + model + " --data " + shellQuote(npy) + " --json");
    EXPECT_EQ(n.code, 1) << n.out;
    EXPECT_TRUE(n.out.empty()) << n.out;
    EXPECT_EQ(n.err, "error: " + npy +
                         ": has no labels, which evaluation needs (calibration does not): no labels file beside it "
                         "(looked for y.npy); or pass an .npz holding x and y\n");

    const auto f = runCli("eval " + model + " --data " + shellQuote(folder));
    EXPECT_EQ(f.code, 1) << f.out;
    EXPECT_EQ(f.err.rfind("error: " + folder + ": has no labels", 0), 0u) << f.err;
    EXPECT_NE(f.err.find("one subfolder of images per class"), std::string::npos) << f.err;
    EXPECT_EQ(std::count(f.err.begin(), f.err.end(), '\n'), 1) << f.err;

    // With its labels beside it (y.npy: MNIST's first 12 labels), the same x.npy evaluates.
    const qb::IdxArray labels = qb::readIdx(qb::test::shared("data/mnist/t10k-labels-idx1-ubyte.gz"));
    std::string dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (12,), }";
    while ((10 + dict.size() + 1) % 64) dict += ' ';
    dict += '\n';
    std::vector<unsigned char> y{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(dict.size()), 0};
    y.insert(y.end(), dict.begin(), dict.end());
    y.insert(y.end(), labels.data.begin(), labels.data.begin() + 12);
    qb::test::writeAll(dir.file("y.npy"), y);
    const auto ok = runCli("eval " + model + " --data " + shellQuote(npy) + " --json");
    ASSERT_EQ(ok.code, 0) << ok.err;
    EXPECT_EQ(nlohmann::json::parse(ok.out)["samples"], 12);
}

TEST(CliCalibrate, ChangedModelIsRefusedByInspect) {
    qb::test::TempDir dir;
    const std::string model = dir.file("mnist.onnx"), out = dir.file("m.qbproj");
    fs::copy_file(qb::test::model("onnx/mnist-12.onnx"), model);
    const auto r = runCli("calibrate " + shellQuote(model) + " --data " + shellQuote(qb::test::shared("data/mnist")) +
                          " --samples 8 --out " + shellQuote(out));
    ASSERT_EQ(r.code, 0) << r.err;
    auto bytes = qb::test::readAll(model);
    bytes[100] ^= 0x40;
    qb::test::writeAll(model, bytes);
    const auto i = runCli("inspect " + shellQuote(out) + " --json");
    EXPECT_EQ(i.code, 1);
    EXPECT_TRUE(i.out.empty());
    EXPECT_EQ(i.err.rfind("error: " + model + ": the model changed", 0), 0u) << i.err;
}

TEST(CliCalibrate, Stories260kOnText) {
    qb::test::TempDir dir;
    const std::string out = dir.file("s.qbproj");
    const auto r = runCli("calibrate " + shellQuote(qb::test::model("gguf/stories260K.gguf")) + " --data " +
                          shellQuote(qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt")) +
                          " --samples 4 --context 64 --out " + shellQuote(out) + " --json");
    ASSERT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(nlohmann::json::parse(r.out)["layers"], 5 * 7 + 1); // PROVENANCE: 5 layers, 7 matmuls each, + head
}

TEST(CliCalibrate, SigintLeavesNoProjectAndNoTempFile) {
    qb::test::TempDir dir;
    const std::string out = dir.file("s.qbproj"), err = dir.file("stderr");
    // Many full-length windows: long enough to be interrupted mid-run.
    const int rc = qb::test::interruptCli("calibrate " + shellQuote(qb::test::model("gguf/stories260K.gguf")) + " --data " +
                                              shellQuote(qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt")) +
                                              " --samples 100000 --context 512 --out " + shellQuote(out),
                                          err);
    EXPECT_EQ(rc, 130);
    EXPECT_EQ(qb::test::filesIn(dir.file("")), std::vector<std::string>{"stderr"});
    const auto text = qb::test::readAll(err);
    EXPECT_NE(std::string(text.begin(), text.end()).find("cancelled"), std::string::npos);
}

} // namespace

// All-white images make the first layer's input one constant. Shifted below zero (--mean 300:
// every value -45) the clip search once walked |x| in 2^23 bins and ran for hours; now it takes
// about a second and every clip range is the constant's: [-45, 45], and [0, 255] unshifted.
TEST(CliCalibrate, ConstantImagesCalibrateQuicklyToTheConstantsRange) {
    qb::test::TempDir dir;
    const std::string folder = dir.file("white");
    fs::create_directories(folder);
    const std::vector<unsigned char> white(192 * 48 * 3, 255);
    for (int n = 0; n < 4; ++n) {
        png_image img{};
        img.version = PNG_IMAGE_VERSION;
        img.width = 192;
        img.height = 48;
        img.format = PNG_FORMAT_RGB;
        const std::string path = folder + "/white_" + std::to_string(n) + ".png";
        ASSERT_TRUE(png_image_write_to_file(&img, path.c_str(), 0, white.data(), 0, nullptr)) << img.message;
    }
    const std::string model = qb::test::model("onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx");
    for (const auto& [options, lo, hi] : {std::tuple{"--mean 300", -45.0, 45.0}, std::tuple{"", 0.0, 255.0}}) {
        const std::string out = dir.file("w.qbproj");
        // Bounded: killed after 120 s (the bug took hours), then required under 60 s of wall time.
        const auto t0 = std::chrono::steady_clock::now();
        const auto r = runCliWithin(120, "calibrate " + shellQuote(model) + " --data " + shellQuote(folder) +
                                                 " --samples 4 " + options + " --out " + shellQuote(out) + " --json");
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_EQ(r.code, 0) << options << ": " << r.err;
        EXPECT_LT(seconds, 60.0) << options;
        const auto i = runCli("inspect " + shellQuote(out) + " --json");
        ASSERT_EQ(i.code, 0) << i.err;
        const auto a = nlohmann::json::parse(i.out)["layers"][0]["activation"];
        const double c = std::min(lo, 0.0) < 0 ? lo : hi;
        EXPECT_EQ(a["min"], c) << options;
        EXPECT_EQ(a["max"], c) << options;
        EXPECT_EQ(a["std"], 0.0) << options;
        for (const char* k : {"clip_minmax", "clip_percentile", "clip_mse", "clip_kl"}) {
            EXPECT_EQ(a[k]["lo"], lo) << options << " " << k;
            EXPECT_EQ(a[k]["hi"], hi) << options << " " << k;
        }
    }
}
