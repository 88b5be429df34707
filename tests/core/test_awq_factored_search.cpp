// AWQ's search on wide layers: scale candidates ranked on a pivoted partial Cholesky factor of the
// input gram (gram_factor.h), the best two rescored exactly. Checked against the exhaustive exact
// search on a synthetic layer with the structure of an LLM's: heavy-tailed weights, inputs with a
// few outlier channels and correlations whose gram spectrum decays by a power law.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include "core/quant/awq.h"
#include "core/quant/effective_weight.h"
#include "core/quant/gram_factor.h"
#include "core/util/error.h"

namespace qb::quant {
namespace {

// tokens x n inputs: `latent` shared directions of strength 3 k^-0.8 (k = 1, 2, ...), Student-t
// noise per channel times `noise`, log-normal channel scales with every 97th channel 20x larger.
std::vector<float> activations(int64_t tokens, int64_t n, int latent, unsigned seed, float noise = 1.f) {
    std::mt19937 gen(seed);
    std::normal_distribution<float> normal(0, 1);
    std::student_t_distribution<float> heavy(3);
    std::vector<float> mix(size_t(latent) * size_t(n)), scale(static_cast<size_t>(n));
    for (int k = 0; k < latent; ++k)
        for (int64_t c = 0; c < n; ++c) mix[size_t(k * n + c)] = 3.f * std::pow(float(k + 1), -0.8f) * normal(gen);
    for (int64_t c = 0; c < n; ++c) scale[size_t(c)] = std::exp(0.5f * normal(gen)) * (c % 97 == 13 ? 20.f : 1.f);
    std::vector<float> x(size_t(tokens) * size_t(n)), z(static_cast<size_t>(latent));
    for (int64_t t = 0; t < tokens; ++t) {
        for (float& v : z) v = normal(gen);
        for (int64_t c = 0; c < n; ++c) {
            float v = noise * heavy(gen);
            for (int k = 0; k < latent; ++k) v += z[size_t(k)] * mix[size_t(k * n + c)];
            x[size_t(t * n + c)] = scale[size_t(c)] * v;
        }
    }
    return x;
}

// Student-t (4 degrees of freedom) weights, row scales varying 2x either way.
std::vector<float> weights(int64_t rows, int64_t n, unsigned seed) {
    std::mt19937 gen(seed);
    std::student_t_distribution<float> heavy(4);
    std::uniform_real_distribution<float> spread(-0.7f, 0.7f);
    std::vector<float> w(size_t(rows) * size_t(n));
    for (int64_t i = 0; i < rows; ++i) {
        const float s = 0.02f * std::exp(spread(gen));
        for (int64_t j = 0; j < n; ++j) w[size_t(i * n + j)] = s * heavy(gen);
    }
    return w;
}

struct Layer {
    int64_t rows, cols;
    std::vector<float> w;
    LayerInputs inputs;
    Layer(int64_t r, int64_t c, int64_t tokens, int latent, unsigned seed)
        : rows(r), cols(c), w(weights(r, c, seed)), inputs(c, {.sampleRows = 0}) {
        inputs.add(activations(tokens, c, latent, seed + 1, 0.2f), tokens);
    }
    double objective(const QuantizedLayer& l) const { return outputError(w, effectiveWeight(l), rows, cols, inputs); }
};

// A gram of rank 5 is factored completely (the factor stops at rank 5 when asked for 8) and then
// scores every error matrix as the exact product does, to float's rounding.
TEST(GramFactor, LowRankGramIsExact) {
    const int64_t n = 40, tokens = 200;
    std::mt19937 gen(11);
    std::normal_distribution<float> normal(0, 1);
    std::vector<float> mix(5 * n), x(size_t(tokens * n), 0.f);
    for (float& v : mix) v = normal(gen);
    for (int64_t t = 0; t < tokens; ++t)
        for (int k = 0; k < 5; ++k) {
            const float z = normal(gen);
            for (int64_t c = 0; c < n; ++c) x[size_t(t * n + c)] += z * mix[size_t(k * n + c)];
        }
    LayerInputs in(n);
    in.add(x, tokens);
    const GramFactor f(in.gram(), n, 8);
    EXPECT_EQ(f.rank(), 5);
    std::vector<float> d(size_t(3 * n)), zero(d.size(), 0.f);
    for (float& v : d) v = normal(gen);
    const double exact = outputError(d, zero, 3, n, in);
    EXPECT_NEAR(f.quadraticForm(d, 3), exact, 1e-4 * exact);
}

// A diagonal gram: one pivot takes the largest channel and the residual diagonal holds the rest
// exactly, so even rank 1 scores exactly. Inputs e_j * (j + 1): G = diag((j + 1)^2).
TEST(GramFactor, ResidualDiagonalCompletesADiagonalGram) {
    const int64_t n = 6;
    std::vector<float> x(size_t(n * n), 0.f);
    for (int64_t j = 0; j < n; ++j) x[size_t(j * n + j)] = float(j + 1);
    LayerInputs in(n);
    in.add(x, n);
    const GramFactor f(in.gram(), n, 1);
    ASSERT_EQ(f.rank(), 1);
    EXPECT_EQ(f.residual(), (std::vector<double>{1, 4, 9, 16, 25, 0}));
    // d = [1, -1, 2, 0, 1, 3]: 1 + 4 + 9 * 4 + 0 + 25 + 36 * 9 = 390.
    const std::vector<float> d = {1, -1, 2, 0, 1, 3};
    EXPECT_NEAR(f.quadraticForm(d, 1), 390.0, 1e-9);
}

// The half-product exact form against outputError's full product, on a width of two whole 512-column
// panels and a partial one, and on a width below one panel.
TEST(GramFactor, ExactFormMatchesTheFullProduct) {
    for (const int64_t n : {int64_t(1100), int64_t(70)}) {
        LayerInputs in(n, {.sampleRows = 0});
        in.add(activations(300, n, 8, 21), 300);
        std::mt19937 gen(23);
        std::student_t_distribution<float> heavy(4);
        std::vector<float> d(size_t(17 * n)), zero(d.size(), 0.f);
        for (float& v : d) v = heavy(gen);
        const double full = outputError(d, zero, 17, n, in);
        EXPECT_NEAR(exactQuadraticForm(d, 17, n, in.gram()), full, 1e-5 * full) << n;
    }
    EXPECT_THROW(exactQuadraticForm(std::vector<float>(5), 1, 4, std::vector<double>(16)), Error);
}

// The acceptance check of the factored search: on a 256 x 2048 layer (wider than 4 x the default
// rank 256, so the factor is used) its choice's exact objective is within 0.1% of the exhaustive
// exact search's, with and without the clip search, at 4 and 3 bits. The exact objectives of
// neighbouring scale exponents differ by 0.2% and more here, so 0.1% does tell choices apart: a
// rank-1 factor (with the same exact rescoring of its best two) misses by more on this layer.
TEST(AwqFactoredSearch, MatchesTheExactSearchOnAWideLayer) {
    const Layer l(256, 2048, 2048, 48, 5);
    int crudeMisses = 0;
    for (const char* sn : {"int4_g128_sym", "int3_g64_asym"})
        for (const bool clip : {false, true}) {
            const Scheme& s = scheme(sn);
            const auto objective = [&](int64_t rank) {
                return l.objective(
                    quantizeAwq(s, l.w, l.rows, l.cols, l.inputs, "t", {.clipSearch = clip, .searchRank = rank}));
            };
            const double exact = objective(0), fast = objective(AwqOptions{}.searchRank), crude = objective(1);
            std::printf("%s clip %d: objective over the exact search's: factored %.6f, rank 1 %.6f\n", sn, int(clip),
                        fast / exact, crude / exact);
            EXPECT_LE(fast, 1.001 * exact) << sn << " clip " << clip;
            crudeMisses += crude > 1.001 * exact;
        }
    EXPECT_GE(crudeMisses, 1);
}

} // namespace
} // namespace qb::quant
