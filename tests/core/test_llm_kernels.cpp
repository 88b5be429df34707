// The oneDNN attention kernel against its scalar double-precision reference, on random data with
// a partly filled cache, grouped-query heads and a query run that crosses a block boundary.
#include <random>

#include "core/llm/llm_kernels.h"
#include "test_support.h"

namespace {

TEST(LlmKernels, AttentionMatchesReference) {
    const int64_t heads = 4, kvHeads = 2, hd = 8, batch = 2, capacity = 150, start = 5, len = 140;
    qb::KvCache cache(1, batch, capacity, kvHeads * hd);
    std::mt19937 rng(7);
    std::normal_distribution<float> dist(0.f, 1.5f);
    for (auto& v : cache.k) v = dist(rng);
    for (auto& v : cache.v) v = dist(rng);
    cache.length = start;
    std::vector<float> q(size_t(batch * len * heads * hd));
    for (auto& v : q) v = dist(rng);
    std::vector<float> fast(q.size()), ref(q.size()), scratch;
    qb::Matmul mm;
    qb::llm::attention(q.data(), fast.data(), cache, 0, len, heads, kvHeads, hd, mm, scratch);
    qb::llm::attentionReference(q.data(), ref.data(), cache, 0, len, heads, kvHeads, hd);
    for (size_t i = 0; i < q.size(); ++i) ASSERT_NEAR(fast[i], ref[i], 1e-4) << i;
}

TEST(LlmKernels, RopeStylesRotateDifferentPairs) {
    // Position 1, ropeDim 4, theta 10000: pair 0 turns by 1 rad, pair 1 by 10000^-0.5 = 0.01 rad.
    qb::llm::RopeTable table(4, 10000.0);
    table.ensure(2);
    const float c0 = std::cos(1.f), s0 = std::sin(1.f), c1 = std::cos(0.01f), s1 = std::sin(0.01f);
    float adj[4] = {1, 2, 3, 4};
    qb::llm::applyRope(adj, 1, 4, 4, qb::RopeStyle::AdjacentPairs, table, 1);
    EXPECT_NEAR(adj[0], 1 * c0 - 2 * s0, 1e-6);
    EXPECT_NEAR(adj[1], 1 * s0 + 2 * c0, 1e-6);
    EXPECT_NEAR(adj[2], 3 * c1 - 4 * s1, 1e-6);
    EXPECT_NEAR(adj[3], 3 * s1 + 4 * c1, 1e-6);
    float halves[4] = {1, 2, 3, 4};
    qb::llm::applyRope(halves, 1, 4, 4, qb::RopeStyle::Halves, table, 1);
    EXPECT_NEAR(halves[0], 1 * c0 - 3 * s0, 1e-6);
    EXPECT_NEAR(halves[2], 1 * s0 + 3 * c0, 1e-6);
    EXPECT_NEAR(halves[1], 2 * c1 - 4 * s1, 1e-6);
    EXPECT_NEAR(halves[3], 2 * s1 + 4 * c1, 1e-6);
}

} // namespace
