// The integer matmul kernels (core/llm/int_matmul.h) on Q8_0 and Q4_0 blocks: the quantized
// input against its definition, every kernel this CPU runs against an independent reference of
// the integer sums and the fixed float order (bit-equal, odd shapes, extreme codes), split over
// threads as on one, and close to the f32 product of the decoded weights.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>

#include "core/llm/int_matmul.h"
#include "core/llm/int_matmul_kernels.h"
#include "core/quant/ggml_quantize.h"
#include "core/util/error.h"
#include "core/util/parallel.h"
#include "test_support.h"

namespace {

using qb::DType;
using namespace qb::llm;

struct Blocks {
    std::vector<std::byte> bytes;
    int64_t rows, cols;
    DType type;
};

int64_t blockBytes(DType t) { return t == DType::Q8_0 ? 34 : 18; }

// Weights N(0, 1) encoded by ggml's reference quantizer; `extreme` sets every code to its most
// negative value (-128 for Q8_0, nibble 0 for Q4_0) in the first block of each row.
Blocks randomBlocks(DType t, int64_t rows, int64_t cols, uint32_t seed, bool extreme = false) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.f, 1.f);
    std::vector<float> w(size_t(rows * cols));
    for (auto& v : w) v = dist(rng);
    Blocks b{std::vector<std::byte>(size_t(rows * cols / 32 * blockBytes(t))), rows, cols, t};
    qb::quant::ggmlQuantizeRef(t)(w.data(), b.bytes.data(), rows * cols);
    if (extreme)
        for (int64_t r = 0; r < rows; ++r)
            std::memset(b.bytes.data() + r * (cols / 32) * blockBytes(t) + 2, t == DType::Q8_0 ? 0x80 : 0x00,
                        size_t(blockBytes(t) - 2));
    return b;
}

// Signed weight code j of row r, read from the ggml layout.
int32_t weightCode(const Blocks& w, int64_t r, int64_t j) {
    const std::byte* block = w.bytes.data() + (r * (w.cols / 32) + j / 32) * blockBytes(w.type);
    if (w.type == DType::Q8_0) return int8_t(block[2 + j % 32]);
    const auto q = uint8_t(block[2 + j % 16]);
    return (j % 32 < 16 ? q & 0x0f : q >> 4) - 8;
}

float weightScale(const Blocks& w, int64_t r, int64_t b) {
    uint16_t h;
    std::memcpy(&h, w.bytes.data() + (r * (w.cols / 32) + b) * blockBytes(w.type), 2);
    return qb::halfToFloat(h);
}

// The documented order: per output, blocks in order, acc = fma(float(sum) * weightScale,
// inputScale, acc) with each block's sum of products exact.
std::vector<float> reference(const QuantizedRows& x, const Blocks& w) {
    std::vector<float> y(size_t(x.rows * w.rows));
    const int64_t nb = w.cols / 32;
    for (int64_t m = 0; m < x.rows; ++m)
        for (int64_t n = 0; n < w.rows; ++n) {
            float acc = 0;
            for (int64_t b = 0; b < nb; ++b) {
                int64_t s = 0;
                for (int64_t j = b * 32; j < b * 32 + 32; ++j)
                    s += int64_t(weightCode(w, n, j)) * x.codes[size_t(m * w.cols + j)];
                acc = std::fma(float(s) * weightScale(w, n, b), x.scales[size_t(m * nb + b)], acc);
            }
            y[size_t(m * w.rows + n)] = acc;
        }
    return y;
}

std::vector<float> randomInput(int64_t m, int64_t k, uint32_t seed, bool saturate = false) {
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.f, 2.f);
    std::vector<float> x(size_t(m * k));
    for (auto& v : x) v = saturate ? (rng() % 2 ? 3.f : -3.f) : dist(rng);
    if (!saturate && m * k > 40) std::fill_n(x.begin() + 32, 8, 0.f); // a block with a run of zeros
    return x;
}

std::vector<float> runKernel(IntKernel k, const std::vector<float>& x, int64_t m, const Blocks& w) {
    const BlockMatrix bm = blockMatrix(w.type, w.bytes, w.rows, w.cols, "w");
    std::vector<float> y(size_t(m * w.rows), -1.f);
    IntMatmul mm(k);
    mm.run(x.data(), bm, y.data(), m);
    return y;
}

TEST(IntMatmul, QuantizesInputRowsPerBlockOf32) {
    const std::vector<float> x = randomInput(3, 96, 1);
    QuantizedRows q;
    quantizeRows(x.data(), 3, 96, q);
    ASSERT_EQ(q.codes.size(), 288u);
    ASSERT_EQ(q.scales.size(), 9u);
    ASSERT_EQ(q.sums.size(), 9u);
    for (int64_t b = 0; b < 9; ++b) {
        float amax = 0;
        for (int64_t j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[size_t(b * 32 + j)]));
        EXPECT_FLOAT_EQ(q.scales[size_t(b)], amax / 127.f);
        int maxCode = 0;
        for (int64_t j = 0; j < 32; ++j) {
            const int c = q.codes[size_t(b * 32 + j)];
            maxCode = std::max(maxCode, std::abs(c));
            EXPECT_EQ(c, int(std::round(x[size_t(b * 32 + j)] / q.scales[size_t(b)]))) << b << " " << j;
        }
        EXPECT_EQ(maxCode, 127);
        int s = 0;
        for (int64_t j = 0; j < 32; ++j) s += q.codes[size_t(b * 32 + j)];
        EXPECT_EQ(q.sums[size_t(b)], s);
    }
    quantizeRows(std::vector<float>(32, 0.f).data(), 1, 32, q);
    EXPECT_EQ(q.scales[0], 0.f);
    EXPECT_EQ(q.sums[0], 0);
    for (int8_t c : q.codes) EXPECT_EQ(c, 0);
}

TEST(IntMatmul, Avx2QuantizationGivesTheScalarCodes) {
    const auto all = availableIntKernels();
    if (std::find(all.begin(), all.end(), IntKernel::Avx2) == all.end()) GTEST_SKIP() << "no AVX2 on this CPU";
    // Random blocks, and one with max 127 (scale 1) whose halves must round away from zero.
    std::vector<float> x = randomInput(17, 96, 9);
    for (int j = 0; j < 32; ++j) x[size_t(j)] = j == 0 ? 127.f : float(j % 7) - 3.5f;
    const int64_t blocks = int64_t(x.size()) / 32;
    std::vector<int8_t> c1(x.size()), c2(x.size());
    std::vector<float> s1(static_cast<size_t>(blocks)), s2(static_cast<size_t>(blocks));
    std::vector<int32_t> u1(static_cast<size_t>(blocks)), u2(static_cast<size_t>(blocks));
    qb::llm::detail::quantizeBlocksScalar(x.data(), blocks, c1.data(), s1.data(), u1.data());
    qb::llm::detail::quantizeBlocksAvx2(x.data(), blocks, c2.data(), s2.data(), u2.data());
    EXPECT_EQ(c1, c2);
    EXPECT_EQ(s1, s2);
    EXPECT_EQ(u1, u2);
    EXPECT_EQ(c1[1], -3); // 1 % 7 - 3.5 = -2.5
    EXPECT_EQ(c1[6], 3);  // 6 % 7 - 3.5 = 2.5
}

TEST(IntMatmul, EveryKernelEqualsTheReferenceBitForBit) {
    const std::vector<IntKernel> kernels = qb::llm::availableIntKernels();
    std::printf("[ int kernels ] this CPU runs:");
    for (IntKernel k : kernels) std::printf(" %s", intKernelName(k));
    std::printf(" (best %s)\n", intKernelName(bestIntKernel()));
    int checked = 0;
    for (DType t : {DType::Q8_0, DType::Q4_0})
        for (const auto& [m, n, k] : std::vector<std::array<int64_t, 3>>{{1, 1, 32}, {3, 5, 96}, {7, 13, 160}, {17, 37, 64}, {5, 50, 2816}, {9, 33, 1056}, {35, 21, 96}, {40, 50, 1056}})
            for (bool extreme : {false, true}) {
                const Blocks w = randomBlocks(t, n, k, uint32_t(m * 100 + n), extreme);
                const std::vector<float> x = randomInput(m, k, uint32_t(n + k), extreme);
                QuantizedRows q;
                quantizeRows(x.data(), m, k, q);
                const std::vector<float> ref = reference(q, w);
                for (IntKernel kernel : kernels) {
                    const std::vector<float> y = runKernel(kernel, x, m, w);
                    for (size_t i = 0; i < y.size(); ++i)
                        ASSERT_EQ(y[i], ref[i]) << qb::dtypeName(t) << " " << intKernelName(kernel) << " m" << m
                                                << " n" << n << " k" << k << (extreme ? " extreme" : "") << " at " << i;
                    ++checked;
                }
            }
    EXPECT_EQ(checked, 2 * 8 * 2 * int(kernels.size()));
}

TEST(IntMatmul, ThreadsSplitRowsWithoutChangingResults) {
    const int64_t m = 64, n = 203, k = 1024; // 13M multiply-adds: split over 2 threads
    const Blocks w = randomBlocks(DType::Q4_0, n, k, 3);
    const std::vector<float> x = randomInput(m, k, 4);
    qb::setThreadCount(1);
    const std::vector<float> one = runKernel(bestIntKernel(), x, m, w);
    qb::setThreadCount(2);
    const std::vector<float> two = runKernel(bestIntKernel(), x, m, w);
    qb::setThreadCount(0);
    QuantizedRows q;
    quantizeRows(x.data(), m, k, q);
    EXPECT_EQ(two, one);
    EXPECT_EQ(one, reference(q, w));
}

TEST(IntMatmul, SameInputReusesTheQuantizedRowsOnlyForTheSameShape) {
    const int64_t m = 3, n = 20, k = 64;
    const Blocks w = randomBlocks(DType::Q8_0, n, k, 9);
    const BlockMatrix bm = blockMatrix(w.type, w.bytes, n, k, "w");
    std::vector<float> x = randomInput(m, k, 10);
    std::vector<float> first(size_t(m * n)), reused(first.size()), fresh(first.size());
    IntMatmul mm;
    mm.run(x.data(), bm, first.data(), m);
    for (float& v : x) v = -2 * v; // the caller breaks its promise: the old codes show
    mm.run(x.data(), bm, reused.data(), m, true);
    EXPECT_EQ(reused, first);
    mm.run(x.data(), bm, fresh.data(), m, false);
    EXPECT_NE(fresh, first);
    EXPECT_EQ(fresh, runKernel(mm.kernel(), x, m, w));
    // Fewer rows than were quantized: quantized again whatever the flag says.
    for (float& v : x) v = -v;
    std::vector<float> two(size_t(2 * n));
    mm.run(x.data(), bm, two.data(), 2, true);
    const std::vector<float> want = runKernel(mm.kernel(), std::vector<float>(x.begin(), x.begin() + 2 * k), 2, w);
    EXPECT_EQ(two, want);
}

TEST(IntMatmul, CloseToTheFloatProductOfTheDecodedWeights) {
    const int64_t m = 9, n = 31, k = 1024;
    for (DType t : {DType::Q8_0, DType::Q4_0}) {
        const Blocks w = randomBlocks(t, n, k, 5);
        const std::vector<float> x = randomInput(m, k, 6);
        std::vector<float> wf(size_t(n * k));
        qb::traits(t).toFloat(w.bytes.data(), wf.data(), n * k);
        const std::vector<float> y = runKernel(bestIntKernel(), x, m, w);
        double err = 0, norm = 0;
        for (int64_t i = 0; i < m; ++i)
            for (int64_t j = 0; j < n; ++j) {
                double exact = 0;
                for (int64_t c = 0; c < k; ++c) exact += double(x[size_t(i * k + c)]) * wf[size_t(j * k + c)];
                err += (y[size_t(i * n + j)] - exact) * (y[size_t(i * n + j)] - exact);
                norm += exact * exact;
            }
        // 8-bit inputs: 0.51% relative error measured (an input step of max|x|/127 per block of N(0, 2)).
        const double rel = std::sqrt(err / norm);
        std::printf("[ %s ] relative error of the integer product: %.5f\n", std::string(qb::dtypeName(t)).c_str(), rel);
        EXPECT_LT(rel, 0.0065);
        EXPECT_GT(rel, 1e-4); // the inputs really were quantized
    }
}

TEST(IntMatmul, RejectsBlocksThatDoNotFitTheShape) {
    const Blocks w = randomBlocks(DType::Q8_0, 2, 64, 1);
    EXPECT_THROW(blockMatrix(DType::Q8_0, std::span(w.bytes).first(w.bytes.size() - 1), 2, 64, "w"), qb::Error);
    EXPECT_THROW(blockMatrix(DType::Q8_0, w.bytes, 2, 48, "w"), qb::Error);
    EXPECT_THROW(blockMatrix(DType::Q4_K, w.bytes, 2, 64, "w"), qb::Error);
    try {
        blockMatrix(DType::Q4_0, w.bytes, 2, 64, "blk.0.attn_q.weight");
        FAIL();
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("blk.0.attn_q.weight"), std::string::npos) << e.what();
    }
}

} // namespace
