// Datasets beyond IDX: .npy/.npz (written by hand and by numpy itself) and folders of PNG/JPEG
// images (written with libpng/libjpeg here), with expected values worked out by hand; data
// without labels loads for calibration and is refused by evaluation.
#include <png.h>
#include <cstdio>
#include <jpeglib.h>

#include <cstdlib>
#include <filesystem>

#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/image_decode.h"
#include "core/formats/onnx_reader.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::test::TempDir;

// A version-1 .npy file: magic, version, header length, dict padded to 64 bytes, data.
std::vector<unsigned char> npy(const std::string& descr, const std::string& shape, const void* data, size_t n,
                               bool fortran = false) {
    std::string dict = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': " + shape + ", }";
    while ((10 + dict.size() + 1) % 64) dict += ' ';
    dict += '\n';
    std::vector<unsigned char> b{0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, uint8_t(dict.size() & 255), uint8_t(dict.size() >> 8)};
    b.insert(b.end(), dict.begin(), dict.end());
    const auto* p = static_cast<const unsigned char*>(data);
    b.insert(b.end(), p, p + n);
    return b;
}

template <typename F>
void expectError(F&& f, const std::string& part) {
    try {
        f();
        FAIL() << "no error, expected: " << part;
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
    }
}

TEST(ImageDataset, NpyWithSiblingLabels) {
    TempDir dir;
    const uint8_t px[12] = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};
    const int64_t labels[2] = {4, 9};
    qb::test::writeAll(dir.file("x_test.npy"), npy("|u1", "(2, 2, 3)", px, 12));
    qb::test::writeAll(dir.file("y_test.npy"), npy("<i8", "(2,)", labels, 16));
    const auto d = qb::loadDataset(dir.file("x_test.npy"));
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.rows, 2);
    EXPECT_EQ(d.cols, 3);
    EXPECT_EQ(d.channels, 1);
    EXPECT_EQ(d.pixels, std::vector<uint8_t>(px, px + 12));
    EXPECT_EQ(d.labels, (std::vector<int64_t>{4, 9}));
}

TEST(ImageDataset, NpyRejectsBadHeadersAndCounts) {
    TempDir dir;
    const float f[4] = {1, 2, 3, 4};
    const int64_t three[3] = {0, 1, 2};
    qb::test::writeAll(dir.file("x1.npy"), npy("<f4", "(2, 2)", f, 16));
    qb::test::writeAll(dir.file("y1.npy"), npy("<i8", "(3,)", three, 24));
    expectError([&] { qb::loadDataset(dir.file("x1.npy")); }, "holds 3 labels for 2 images");
    qb::test::writeAll(dir.file("x2.npy"), npy(">f4", "(2, 2)", f, 16));
    expectError([&] { qb::loadDataset(dir.file("x2.npy")); }, "dtype '>f4' is not supported");
    qb::test::writeAll(dir.file("x3.npy"), npy("<f4", "(2, 2)", f, 16, true));
    expectError([&] { qb::loadDataset(dir.file("x3.npy")); }, "fortran_order");
    qb::test::writeAll(dir.file("x4.npy"), npy("<f4", "(2, 3)", f, 16));
    expectError([&] { qb::loadDataset(dir.file("x4.npy")); }, "need 24 data bytes, the file holds 16");
    qb::test::writeAll(dir.file("x5.npy"), npy("<f4", "(4, ", f, 16));
    expectError([&] { qb::loadDataset(dir.file("x5.npy")); }, "npy header");
    // A labels file that is there but broken is an error, not missing labels.
    qb::test::writeAll(dir.file("x6.npy"), npy("<f4", "(2, 2)", f, 16));
    qb::test::writeAll(dir.file("y6.npy"), "NUMPY?", 6);
    expectError([&] { qb::loadDataset(dir.file("x6.npy")); }, dir.file("y6.npy"));
}

// Evaluation's error for data without labels: where the data is, and what would give labels.
void expectNoLabelsError(const qb::ImageDataset& d, const std::string& where, const std::string& hint) {
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/mnist-8.onnx"));
    qb::engine::Executor ex(m);
    try {
        qb::evaluateClassifier(ex, d, qb::Preprocess{});
        FAIL() << "no error for unlabelled " << where;
    } catch (const qb::Error& e) {
        EXPECT_EQ(e.where(), where);
        EXPECT_NE(std::string(e.what()).find("has no labels, which evaluation needs"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(hint), std::string::npos) << e.what();
    }
}

TEST(ImageDataset, NpyWithoutLabelsLoadsUnlabelled) {
    TempDir dir;
    const uint8_t px[12] = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};
    qb::test::writeAll(dir.file("x_calib.npy"), npy("|u1", "(2, 2, 3)", px, 12));
    const auto d = qb::loadDataset(dir.file("x_calib.npy"));
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.rows, 2);
    EXPECT_EQ(d.cols, 3);
    EXPECT_EQ(d.pixels, std::vector<uint8_t>(px, px + 12));
    EXPECT_FALSE(d.labelled());
    EXPECT_TRUE(d.labels.empty());
    EXPECT_TRUE(d.labelsPath.empty());
    expectNoLabelsError(d, dir.file("x_calib.npy"), "no labels file beside it (looked for y_calib.npy)");

    // A name with no labels sibling rule (neither x* nor *images*) loads too; the hint gives the rule.
    const float f[6] = {0.5f, 1, 2, 3, 4, 5};
    qb::test::writeAll(dir.file("features.npy"), npy("<f4", "(3, 2)", f, 24));
    const auto g = qb::loadDataset(dir.file("features.npy"));
    EXPECT_EQ(g.count, 3);
    EXPECT_EQ(g.channels, 2);
    EXPECT_EQ(g.values, std::vector<float>(f, f + 6));
    expectNoLabelsError(g, dir.file("features.npy"), "y*.npy beside x*.npy");
}

TEST(ImageDataset, NpzWithoutLabelsArrayLoadsUnlabelled) {
    TempDir dir;
    const std::string script =
        "import numpy as np, sys\n"
        "np.savez(sys.argv[1] + '/x_only.npz', x=np.arange(2 * 3 * 4, dtype=np.uint8).reshape(2, 3, 4))\n"
        "np.savez(sys.argv[1] + '/positional.npz', np.full((5, 6), 0.25, np.float32))\n"
        "np.savez(sys.argv[1] + '/labels_only.npz', labels=np.arange(4))\n";
    qb::test::writeAll(dir.file("make.py"), script.data(), script.size());
    ASSERT_EQ(std::system(("/usr/bin/python3 " + dir.file("make.py") + " " + dir.path().string()).c_str()), 0);

    const auto x = qb::loadDataset(dir.file("x_only.npz"));
    EXPECT_EQ(x.count, 2);
    EXPECT_EQ(x.rows, 3);
    EXPECT_EQ(x.cols, 4);
    ASSERT_EQ(x.pixels.size(), 24u);
    EXPECT_EQ(x.pixels[23], 23);
    EXPECT_FALSE(x.labelled());
    expectNoLabelsError(x, dir.file("x_only.npz") + ": x", "holds images 'x' but no 'y' array");

    const auto p = qb::loadDataset(dir.file("positional.npz")); // np.savez(f, a): member arr_0
    EXPECT_EQ(p.count, 5);
    EXPECT_EQ(p.channels, 6);
    EXPECT_EQ(p.values, std::vector<float>(30, 0.25f));
    expectNoLabelsError(p, dir.file("positional.npz") + ": arr_0", "no 'arr_1' array");

    expectError([&] { qb::loadDataset(dir.file("labels_only.npz")); }, "holds arrays [labels], expected images in x");
}

// numpy's own writer: savez stores members, savez_compressed deflates them (zip64 local headers).
TEST(ImageDataset, NpzStoredAndDeflatedFromNumpy) {
    TempDir dir;
    const std::string script =
        "import numpy as np, sys\n"
        "x = (np.arange(24, dtype=np.float32) * 0.5).reshape(3, 2, 2, 2)\n"
        "y = np.array([[0, 0, 1], [1, 0, 0], [0, 1, 0]], dtype=np.float32)\n"
        "np.savez(sys.argv[1] + '/stored.npz', images=x, labels=y)\n"
        "np.savez_compressed(sys.argv[1] + '/deflated.npz', x=np.zeros((3000, 4, 4), np.uint8), y=np.arange(3000) % 7)\n";
    qb::test::writeAll(dir.file("make.py"), script.data(), script.size());
    ASSERT_EQ(std::system(("/usr/bin/python3 " + dir.file("make.py") + " " + dir.path().string()).c_str()), 0);

    const auto s = qb::loadDataset(dir.file("stored.npz"));
    EXPECT_EQ(s.count, 3);
    EXPECT_EQ(s.rows, 2);
    EXPECT_EQ(s.channels, 2); // [N,H,W,C]: the last side 2 is not a channel count of 1 or 3
    ASSERT_EQ(s.values.size(), 24u);
    EXPECT_EQ(s.values[23], 11.5f);
    EXPECT_EQ(s.labels, (std::vector<int64_t>{2, 0, 1})); // one-hot rows
    const auto d = qb::loadDataset(dir.file("deflated.npz"));
    EXPECT_EQ(d.count, 3000);
    EXPECT_EQ(d.pixels.size(), 3000u * 16);
    EXPECT_EQ(d.labels[2999], 2999 % 7);

    // A flipped byte inside the deflated member breaks inflate or the CRC.
    auto bytes = qb::test::readAll(dir.file("deflated.npz"));
    bytes[bytes.size() / 3] ^= 0x5a;
    qb::test::writeAll(dir.file("broken.npz"), bytes);
    EXPECT_THROW(qb::loadDataset(dir.file("broken.npz")), qb::Error);
}

void writePngGrey(const std::string& path, int w, int h, const std::vector<uint8_t>& px) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = unsigned(w);
    img.height = unsigned(h);
    img.format = PNG_FORMAT_GRAY;
    ASSERT_TRUE(png_image_write_to_file(&img, path.c_str(), 0, px.data(), 0, nullptr)) << img.message;
}

void writePngRgb(const std::string& path, const std::vector<uint8_t>& rgb) {
    png_image img{};
    img.version = PNG_IMAGE_VERSION;
    img.width = 1;
    img.height = 1;
    img.format = PNG_FORMAT_RGB;
    ASSERT_TRUE(png_image_write_to_file(&img, path.c_str(), 0, rgb.data(), 0, nullptr)) << img.message;
}

// A uniform grey JPEG at quality 100: only DC coefficients, quantised by 1, so it decodes exactly.
void writeJpegGrey(const std::string& path, int side, uint8_t value) {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    jpeg_compress_struct c;
    jpeg_error_mgr err;
    c.err = jpeg_std_error(&err);
    jpeg_create_compress(&c);
    jpeg_stdio_dest(&c, f);
    c.image_width = JDIMENSION(side);
    c.image_height = JDIMENSION(side);
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    jpeg_set_defaults(&c);
    jpeg_set_quality(&c, 100, TRUE);
    jpeg_start_compress(&c, TRUE);
    std::vector<uint8_t> row(size_t(side), value);
    while (c.next_scanline < c.image_height) {
        JSAMPROW r = row.data();
        jpeg_write_scanlines(&c, &r, 1);
    }
    jpeg_finish_compress(&c);
    jpeg_destroy_compress(&c);
    std::fclose(f);
}

TEST(ImageDataset, ClassFoldersDecodeAndResizeBilinear) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "b_dog");
    std::filesystem::create_directories(dir.path() / "a_cat");
    writePngGrey(dir.file("a_cat/1.png"), 2, 2, {0, 100, 200, 40});
    writeJpegGrey(dir.file("b_dog/x.JPG"), 8, 100);
    qb::test::writeAll(dir.file("b_dog/notes.txt"), "skip", 4);
    const auto d = qb::loadDataset(dir.path().string(), {4, 4, 1});
    EXPECT_EQ(d.classes, (std::vector<std::string>{"a_cat", "b_dog"}));
    EXPECT_EQ(d.labels, (std::vector<int64_t>{0, 1}));
    ASSERT_EQ(d.pixels.size(), 32u);
    // 2 -> 4 with half-pixel centres: source coordinates -0.25 (clamped to 0), 0.25, 0.75, 1.25
    // (clamped to 1). Pixel (1,1): rows/cols weight .25 -> top 0*.75+100*.25 = 25, bottom
    // 200*.75+40*.25 = 160, 25*.75+160*.25 = 58.75 -> 59. Pixel (2,1): 25*.25+160*.75 = 126.25.
    EXPECT_EQ(d.pixels[0], 0);
    EXPECT_EQ(d.pixels[3], 100);
    EXPECT_EQ(d.pixels[12], 200);
    EXPECT_EQ(d.pixels[15], 40);
    EXPECT_EQ(d.pixels[5], 59);
    EXPECT_EQ(d.pixels[9], 126);
    for (int k = 16; k < 32; ++k) EXPECT_EQ(d.pixels[size_t(k)], 100) << k;

    // RGB to grey with BT.601 weights: .299*10 + .587*20 + .114*30 = 18.15 -> 18.
    TempDir loose;
    writePngRgb(loose.file("rgb.png"), {10, 20, 30});
    EXPECT_EQ(qb::decodeImage(loose.file("rgb.png"), 1).pixels, std::vector<uint8_t>{18});
    EXPECT_EQ(qb::decodeImage(loose.file("rgb.png"), 3).pixels, (std::vector<uint8_t>{10, 20, 30}));

    qb::test::writeAll(dir.file("a_cat/broken.png"), "\x89PNG\r\n\x1a\nxxxx", 12);
    expectError([&] { qb::loadDataset(dir.path().string(), {4, 4, 1}); }, "broken.png");
    std::filesystem::create_directories(dir.path() / "empty" / "c");
    expectError([&] { qb::loadDataset((dir.path() / "empty").string()); }, "no .png/.jpg/.jpeg images");
}

// Images directly in the folder, read in byte-wise sorted name order, without labels.
TEST(ImageDataset, FlatFolderLoadsUnlabelledInSortedNameOrder) {
    TempDir dir;
    writePngGrey(dir.file("b.png"), 2, 2, {10, 11, 12, 13});
    writeJpegGrey(dir.file("C.jpeg"), 2, 200); // 'C' sorts before 'a' byte-wise
    writePngGrey(dir.file("a.png"), 2, 2, {1, 2, 3, 4});
    qb::test::writeAll(dir.file("README.txt"), "skip", 4);
    const auto d = qb::loadDataset(dir.path().string(), {0, 0, 1});
    EXPECT_EQ(d.count, 3);
    EXPECT_EQ(d.rows, 2);
    EXPECT_EQ(d.cols, 2);
    EXPECT_EQ(d.channels, 1);
    EXPECT_EQ(d.pixels, (std::vector<uint8_t>{200, 200, 200, 200, 1, 2, 3, 4, 10, 11, 12, 13}));
    EXPECT_FALSE(d.labelled());
    EXPECT_TRUE(d.classes.empty());
    EXPECT_TRUE(d.labelsPath.empty());
    expectNoLabelsError(d, dir.path().string(), "labels come from one subfolder of images per class");

    // Default channels are RGB (grey replicated); sides follow the first image unless asked.
    const auto rgb = qb::loadDataset(dir.path().string(), {4, 4, 0});
    EXPECT_EQ(rgb.channels, 3);
    EXPECT_EQ(rgb.pixels.size(), 3u * 4 * 4 * 3);
    EXPECT_EQ(rgb.pixels[0], 200);

    // A broken image is an error naming it, as in class folders.
    qb::test::writeAll(dir.file("d.png"), "\x89PNG\r\n\x1a\nxxxx", 12);
    expectError([&] { qb::loadDataset(dir.path().string()); }, "d.png");
}

// Subfolders beside loose images: neither reading is safe, so it is an error naming one of each.
TEST(ImageDataset, FolderMixingSubfoldersAndImagesIsAnError) {
    TempDir dir;
    std::filesystem::create_directories(dir.path() / "cat");
    writePngGrey(dir.file("cat/1.png"), 1, 1, {5});
    writePngGrey(dir.file("stray.png"), 1, 1, {6});
    expectError([&] { qb::loadDataset(dir.path().string()); }, "holds both subfolders (e.g. 'cat') and images (e.g. 'stray.png')");
    // Other loose files beside class folders are skipped as before.
    std::filesystem::remove(dir.file("stray.png"));
    qb::test::writeAll(dir.file("notes.txt"), "x", 1);
    const auto d = qb::loadDataset(dir.path().string());
    EXPECT_EQ(d.labels, std::vector<int64_t>{0});
    EXPECT_EQ(d.labelsPath, dir.path().string());

    TempDir empty;
    qb::test::writeAll(empty.file("notes.txt"), "x", 1);
    expectError([&] { qb::loadDataset(empty.path().string()); }, "holds no .png/.jpg/.jpeg images, neither directly nor in class subfolders");
}

// Hand-built data: labels that are there must be one per sample.
TEST(ClassifierEval, LabelCountMustMatchTheSamples) {
    qb::ImageDataset d;
    d.imagesPath = "hand-built";
    d.count = 2;
    d.rows = d.cols = 28;
    d.pixels.assign(2 * 28 * 28, 0);
    d.labels = {3};
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/mnist-8.onnx"));
    qb::engine::Executor ex(m);
    expectError([&] { qb::evaluateClassifier(ex, d, qb::Preprocess{}); }, "holds 1 labels for 2 images");
    d.labels.clear();
    expectNoLabelsError(d, "hand-built", "y.npy beside x.npy, class subfolders, or the IDX labels file");
    d.labels = {3, 7};
    EXPECT_EQ(qb::evaluateClassifier(ex, d, qb::Preprocess{}).counts.samples, 2);
}

TEST(ImageDataset, ShapeNotFittingTheModelIsAnError) {
    TempDir dir;
    std::vector<uint8_t> px(2 * 5 * 5, 7);
    const int64_t labels[2] = {1, 2};
    qb::test::writeAll(dir.file("x.npy"), npy("|u1", "(2, 5, 5)", px.data(), px.size()));
    qb::test::writeAll(dir.file("y.npy"), npy("<i8", "(2,)", labels, 16));
    const qb::Model m = qb::readOnnx(qb::test::model("onnx/mnist-8.onnx"));
    qb::engine::Executor ex(m);
    const auto d = qb::loadDataset(dir.file("x.npy"));
    expectError([&] { qb::evaluateClassifier(ex, d, qb::Preprocess{}); }, "takes [1,28,28] per sample");
    qb::Preprocess pre;
    pre.mean = {0.f, 0.f, 0.f};
    expectError([&] { qb::evaluateClassifier(ex, d, pre); }, "--mean gives 3 values");
}

} // namespace
