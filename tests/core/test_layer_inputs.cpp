// LayerInputs: the gram X^T X, channel magnitudes and the row reservoir the data-aware quantizers read.
#include <cstdio>
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <vector>

#include "core/quant/layer_inputs.h"
#include "core/util/error.h"

namespace qb::quant {
namespace {

TEST(LayerInputs, TwoRowsByHand) {
    // x = [[1, 2], [3, -4]]: X^T X = [[1+9, 2-12], [2-12, 4+16]] = [[10, -10], [-10, 20]];
    // mean |x| = [(1+3)/2, (2+4)/2] = [2, 3]; max |x| = [3, 4].
    LayerInputs in(2);
    const std::vector<float> x{1, 2, 3, -4};
    in.add(x, 2);
    EXPECT_EQ(in.rowsSeen(), 2);
    EXPECT_EQ(in.gram(), (std::vector<double>{10, -10, -10, 20}));
    EXPECT_EQ(in.meanAbs(), (std::vector<float>{2, 3}));
    EXPECT_EQ(in.absMax(), (std::vector<float>{3, 4}));
    EXPECT_EQ(in.sampleRowCount(), 2);
    EXPECT_EQ(in.sample(), x);
}

// Widths across several 128-column tiles and row counts across the 512-row conversion chunks,
// added in uneven pieces, against a plain triple loop in double.
TEST(LayerInputs, GramMatchesPlainLoopAcrossTilesAndChunks) {
    const int64_t cols = 300, rows = 1100;
    std::mt19937 gen(5);
    std::student_t_distribution<float> heavy(2.0f);
    std::vector<float> x(size_t(rows * cols));
    for (auto& v : x) v = heavy(gen);
    LayerInputs in(cols);
    int64_t at = 0;
    for (const int64_t piece : {int64_t(1), int64_t(600), int64_t(0), int64_t(499)}) {
        in.add(std::span(x).subspan(size_t(at * cols), size_t(piece * cols)), piece);
        at += piece;
    }
    ASSERT_EQ(at, rows);
    ASSERT_EQ(in.rowsSeen(), rows);
    const auto& g = in.gram();
    std::vector<double> ref(size_t(cols * cols), 0.0);
    for (int64_t i = 0; i < cols; ++i)
        for (int64_t j = 0; j < cols; ++j)
            for (int64_t r = 0; r < rows; ++r) ref[size_t(i * cols + j)] += double(x[size_t(r * cols + i)]) * double(x[size_t(r * cols + j)]);
    // Products are summed in float within chunks of rows, then in double: the error of an entry is
    // measured against the scale of its row and column, sqrt(G_ii G_jj), which bounds |G_ij| and is
    // what the factorisation of H sees; float's own epsilon is 6e-8.
    double worst = 0;
    for (int64_t i = 0; i < cols; ++i)
        for (int64_t j = 0; j < cols; ++j) {
            const double scale = std::sqrt(ref[size_t(i * cols + i)] * ref[size_t(j * cols + j)]);
            worst = std::max(worst, std::abs(g[size_t(i * cols + j)] - ref[size_t(i * cols + j)]) / scale);
            ASSERT_EQ(g[size_t(i * cols + j)], g[size_t(j * cols + i)]) << i << "," << j; // exactly symmetric
        }
    std::printf("gram: worst error / sqrt(G_ii G_jj) = %.3g\n", worst);
    EXPECT_LT(worst, 1e-6);
    for (int64_t c : {int64_t(0), int64_t(127), int64_t(128), int64_t(299)}) {
        double sum = 0;
        float mx = 0;
        for (int64_t r = 0; r < rows; ++r) {
            sum += std::abs(x[size_t(r * cols + c)]);
            mx = std::max(mx, std::abs(x[size_t(r * cols + c)]));
        }
        EXPECT_FLOAT_EQ(in.meanAbs()[size_t(c)], float(sum / double(rows)));
        EXPECT_EQ(in.absMax()[size_t(c)], mx);
    }
}

TEST(LayerInputs, ReservoirKeepsDistinctSeenRowsReproducibly) {
    const int64_t cols = 3, rows = 1000;
    std::vector<float> x(size_t(rows * cols));
    for (int64_t r = 0; r < rows; ++r)
        for (int64_t c = 0; c < cols; ++c) x[size_t(r * cols + c)] = float(r * 10 + c);
    auto run = [&](uint64_t seed) {
        LayerInputs in(cols, {.sampleRows = 16, .seed = seed});
        in.add(std::span(x).first(size_t(400 * cols)), 400);
        in.add(std::span(x).subspan(size_t(400 * cols)), 600);
        return in.sample();
    };
    const auto a = run(1), b = run(1), c = run(2);
    EXPECT_EQ(a, b);
    EXPECT_NE(a, c);
    ASSERT_EQ(a.size(), size_t(16 * cols));
    std::set<int> seen;
    int late = 0;
    for (int64_t k = 0; k < 16; ++k) {
        const float first = a[size_t(k * cols)];
        const int r = int(first) / 10;
        ASSERT_EQ(first, float(r * 10));
        EXPECT_EQ(a[size_t(k * cols + 2)], float(r * 10 + 2)); // rows are kept whole
        seen.insert(r);
        late += r >= 500;
    }
    EXPECT_EQ(seen.size(), 16u);
    // Uniform over 1000 rows: about half of 16 from the second half; all 16 from the first 16 rows
    // would mean the reservoir never replaced anything.
    EXPECT_GT(late, 2);
    EXPECT_LT(late, 14);
}

TEST(LayerInputs, RejectsBadWidthsAndValues) {
    EXPECT_THROW(LayerInputs(0), Error);
    EXPECT_THROW(LayerInputs(-3), Error);
    EXPECT_THROW(LayerInputs(4, {.sampleRows = -1}), Error);
    LayerInputs in(4);
    const std::vector<float> seven(7, 1.0f);
    EXPECT_THROW(in.add(seven, 2), Error);
    EXPECT_THROW(in.add(seven, -1), Error);
    std::vector<float> bad(8, 1.0f);
    bad[6] = std::numeric_limits<float>::infinity();
    try {
        in.add(bad, 2);
        FAIL() << "accepted an infinite input";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("row 1, column 2"), std::string::npos) << e.what();
    }
    EXPECT_EQ(in.rowsSeen(), 0);
}

} // namespace
} // namespace qb::quant
