// IDX reader: the real MNIST test files and hand-made malformed ones; images without labels.
#include <filesystem>

#include "core/datasets/idx_dataset.h"
#include "core/eval/metrics.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::test::TempDir;

std::vector<unsigned char> idxHeader(uint8_t type, std::vector<uint32_t> dims) {
    std::vector<unsigned char> b{0, 0, type, uint8_t(dims.size())};
    for (const uint32_t d : dims)
        for (int s = 24; s >= 0; s -= 8) b.push_back(uint8_t(d >> s));
    return b;
}

void expectError(const std::string& path, const std::string& part) {
    try {
        qb::readIdx(path);
        FAIL() << "no error for " << path;
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find(part), std::string::npos) << e.what();
        EXPECT_EQ(e.where(), path);
    }
}

TEST(IdxDataset, ReadsMnistTestSetFromFolder) {
    const auto d = qb::readIdxDataset(qb::test::shared("data/mnist"));
    // data/PROVENANCE.md: 10000 images of 28x28, the first label is 7.
    EXPECT_EQ(d.count, 10000);
    EXPECT_EQ(d.rows, 28);
    EXPECT_EQ(d.cols, 28);
    ASSERT_EQ(d.pixels.size(), 7840000u);
    ASSERT_EQ(d.labels.size(), 10000u);
    EXPECT_EQ(d.labels[0], 7);
    // /usr/bin/python3 -c "import gzip;b=gzip.open('t10k-images-idx3-ubyte.gz').read();
    //   print(sum(b[16:16+784]), b[16+7*28+6])"  -> 18454 84
    int64_t sum = 0;
    for (int k = 0; k < 784; ++k) sum += d.pixels[size_t(k)];
    EXPECT_EQ(sum, 18454);
    EXPECT_EQ(d.pixels[7 * 28 + 6], 84);
}

TEST(IdxDataset, ReadsRawFilesNamedByTheImagesFile) {
    TempDir dir;
    auto img = idxHeader(8, {2, 2, 3});
    for (int k = 0; k < 12; ++k) img.push_back(uint8_t(k * 20));
    auto lab = idxHeader(8, {2});
    lab.push_back(3);
    lab.push_back(9);
    qb::test::writeAll(dir.file("x-images-idx3-ubyte"), img);
    qb::test::writeAll(dir.file("x-labels-idx1-ubyte"), lab);
    const auto d = qb::readIdxDataset(dir.file("x-images-idx3-ubyte"));
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.rows, 2);
    EXPECT_EQ(d.cols, 3);
    EXPECT_EQ(d.pixels[11], 220);
    EXPECT_EQ(d.labels[1], 9);
}

// No labels file: the images load unlabelled (enough for calibration), saying what was missing.
TEST(IdxDataset, ImagesWithoutLabelsFileLoadUnlabelled) {
    TempDir dir;
    auto img = idxHeader(8, {2, 2, 3});
    for (int k = 0; k < 12; ++k) img.push_back(uint8_t(k * 20));
    qb::test::writeAll(dir.file("x-images-idx3-ubyte"), img);
    const auto d = qb::readIdxDataset(dir.file("x-images-idx3-ubyte"));
    EXPECT_EQ(d.count, 2);
    EXPECT_EQ(d.rows, 2);
    EXPECT_EQ(d.cols, 3);
    EXPECT_EQ(d.pixels[11], 220);
    EXPECT_FALSE(d.labelled());
    EXPECT_TRUE(d.labelsPath.empty());
    EXPECT_EQ(d.labelsHint, "no labels file x-labels-idx1-ubyte beside it");

    // The folder form, through loadDataset, with the real MNIST images (linked, not copied).
    TempDir mnist;
    std::filesystem::create_symlink(qb::test::shared("data/mnist/t10k-images-idx3-ubyte.gz"),
                                    mnist.file("t10k-images-idx3-ubyte.gz"));
    const auto m = qb::loadDataset(mnist.path().string());
    EXPECT_EQ(m.count, 10000);
    EXPECT_EQ(m.pixels.size(), 7840000u);
    EXPECT_EQ(m.pixels[7 * 28 + 6], 84); // as ReadsMnistTestSetFromFolder
    EXPECT_FALSE(m.labelled());
    EXPECT_EQ(m.imagesPath, mnist.file("t10k-images-idx3-ubyte.gz"));
    EXPECT_EQ(m.labelsHint, "no *labels-idx1-ubyte[.gz] file in " + mnist.path().string());

    // A labels file that is there but broken is still an error naming it.
    qb::test::writeAll(dir.file("x-labels-idx1-ubyte"), idxHeader(8, {3}));
    try {
        qb::readIdxDataset(dir.file("x-images-idx3-ubyte"));
        FAIL() << "no error for a truncated labels file";
    } catch (const qb::Error& e) {
        EXPECT_EQ(e.where(), dir.file("x-labels-idx1-ubyte"));
        EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
    }
}

TEST(IdxDataset, RejectsMalformedFiles) {
    TempDir dir;
    auto bad = idxHeader(8, {2});
    bad[0] = 1;
    qb::test::writeAll(dir.file("magic"), bad);
    expectError(dir.file("magic"), "not an IDX file");

    qb::test::writeAll(dir.file("float"), idxHeader(0x0D, {1}));
    expectError(dir.file("float"), "0x0d is not supported");

    auto shortData = idxHeader(8, {10});
    shortData.resize(shortData.size() + 4);
    qb::test::writeAll(dir.file("short"), shortData);
    expectError(dir.file("short"), "truncated: the header promises 10 data bytes, the file holds 4");

    auto longData = idxHeader(8, {1});
    longData.resize(longData.size() + 2);
    qb::test::writeAll(dir.file("long"), longData);
    expectError(dir.file("long"), "has bytes after");

    // A lying header must not make the reader allocate 2^36 bytes.
    qb::test::writeAll(dir.file("huge"), idxHeader(8, {0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}));
    expectError(dir.file("huge"), "multiply past");

    auto cut = idxHeader(8, {3, 4});
    cut.resize(cut.size() - 2);
    qb::test::writeAll(dir.file("header"), cut);
    expectError(dir.file("header"), "header ends inside");

    const auto gz = qb::test::readAll(qb::test::shared("data/mnist/t10k-labels-idx1-ubyte.gz"));
    qb::test::writeAll(dir.file("cut.gz"), gz.data(), gz.size() / 2);
    EXPECT_THROW(qb::readIdx(dir.file("cut.gz")), qb::Error);
}

TEST(IdxDataset, RejectsMismatchedLabels) {
    TempDir dir;
    auto img = idxHeader(8, {2, 1, 1});
    img.push_back(0);
    img.push_back(0);
    auto lab = idxHeader(8, {1});
    lab.push_back(0);
    qb::test::writeAll(dir.file("a-images-idx3-ubyte"), img);
    qb::test::writeAll(dir.file("a-labels-idx1-ubyte"), lab);
    try {
        qb::readIdxDataset(dir.path().string());
        FAIL() << "no error for 1 label for 2 images";
    } catch (const qb::Error& e) {
        EXPECT_EQ(e.where(), dir.file("a-labels-idx1-ubyte"));
        EXPECT_NE(std::string(e.what()).find("holds 1 labels for 2 images"), std::string::npos) << e.what();
    }
    EXPECT_THROW(qb::readIdxDataset(dir.file("nothing-here")), qb::Error);
    TempDir empty;
    EXPECT_THROW(qb::readIdxDataset(empty.path().string()), qb::Error); // no images file at all
}

TEST(Metrics, TopKRanksTiesByIndexLikeArgmax) {
    const std::vector<float> s{0.1f, 0.7f, 0.7f, 0.05f, 0.0f, 0.0f, 0.0f};
    EXPECT_EQ(qb::labelRank(s, 1), 0);
    EXPECT_EQ(qb::labelRank(s, 2), 1);
    EXPECT_EQ(qb::labelRank(s, 6), 6);
    qb::TopKCounter c;
    c.add(s, 1);
    c.add(s, 2);
    c.add(s, 6);
    EXPECT_EQ(c.samples, 3);
    EXPECT_EQ(c.top1, 1);
    EXPECT_EQ(c.top5, 2);
    EXPECT_THROW(c.add(s, 7), std::out_of_range);
}

} // namespace
