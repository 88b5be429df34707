// compare's kernel table from two profiled runs (pipeline::kernelTable): nodes matched by name and
// op, fp32-only nodes last, times per sample, the ratio of the fastest samples, and the sentence
// that answers "why is this layer slower quantized" from the row's own figures.
#include <gtest/gtest.h>

#include "core/pipeline/kernel_table.h"

namespace {

using qb::engine::NodeProfile;
using qb::pipeline::KernelRow;
using qb::pipeline::ProfiledRun;

NodeProfile node(const std::string& name, const std::string& op, const std::string& impl, const std::string& types,
                 double seconds, double best, int64_t runs) {
    NodeProfile p;
    p.node = name;
    p.op = op;
    p.impl = impl;
    if (types.size() == 3) { // "fff", "usf": src, weights, dst
        const auto t = [](char c) { return c == 'f' ? "f32" : c == 'u' ? "u8" : c == 's' ? "s8" : ""; };
        p.src = t(types[0]);
        p.weights = t(types[1]);
        p.dst = t(types[2]);
    }
    p.seconds = seconds;
    p.primitiveSeconds = 0.5 * seconds;
    p.bestSeconds = best;
    p.runs = runs;
    p.output = {1, 8, 4, 4};
    return p;
}

TEST(KernelTable, MatchesNodesAndComparesTheFastestSamples) {
    ProfiledRun fp{{node("conv", "Conv", "brgconv:avx2", "fff", 4e-3, 0.9e-3, 4), node("dw", "Conv", "jit_dw:avx2", "fff", 2e-3, 0.4e-3, 4),
                    node("gone", "Relu", "jit:avx2", "f f", 1e-3, 0.2e-3, 4), node("shape", "Reshape", "host", "", 4e-6, 1e-6, 4)},
                   0.02, 4};
    ProfiledRun q{{node("conv", "Conv", "brgconv:avx2", "usf", 2e-3, 0.45e-3, 4), node("dw", "Conv", "jit_uni_int8:avx2", "ssf", 8e-3, 1.0e-3, 4),
                   node("shape", "Reshape", "host", "", 4e-6, 1e-6, 4)},
                  0.016, 4};
    q.nodes[1].int8 = q.nodes[0].int8 = true;
    q.nodes[1].depthwise = fp.nodes[1].depthwise = true;
    const auto t = qb::pipeline::kernelTable(fp, q);
    ASSERT_EQ(t.rows.size(), 4u);
    EXPECT_EQ(t.rows[0].node, "conv");
    EXPECT_EQ(t.rows[2].node, "shape");
    EXPECT_EQ(t.rows[3].node, "gone"); // ran only in fp32: last
    EXPECT_TRUE(t.rows[3].impl.empty());
    EXPECT_EQ(t.rows[3].ratio(), 0.0);
    EXPECT_DOUBLE_EQ(t.fp32Ms, 5.0);
    EXPECT_DOUBLE_EQ(t.quantizedMs, 4.0);
    EXPECT_NEAR(t.fp32NodesMs(), 0.9 + 0.4 + 0.2 + 0.001, 1e-12);
    EXPECT_NEAR(t.nodesMs(), 0.45 + 1.0 + 0.001, 1e-12);
    const KernelRow& conv = t.rows[0];
    EXPECT_DOUBLE_EQ(conv.fp32Ms, 1.0);     // 4 ms over 4 runs
    EXPECT_DOUBLE_EQ(conv.fp32BestMs, 0.9);
    EXPECT_DOUBLE_EQ(conv.primitiveMs, 0.25);
    EXPECT_NEAR(conv.ratio(), 0.5, 1e-12);  // of the best samples, not the means (0.5 too here)
    EXPECT_FALSE(conv.slower());
    EXPECT_EQ(conv.fp32Precision, "f32");
    EXPECT_EQ(conv.precision, "u8/s8→f32");
    EXPECT_EQ(conv.shape, "1x8x4x4");
    const KernelRow& dw = t.rows[1];
    EXPECT_NEAR(dw.ratio(), 2.5, 1e-12); // 1.0 / 0.4 (the means would say 4)
    EXPECT_TRUE(dw.slower());
    EXPECT_EQ(t.rows[2].precision, ""); // host code
    const auto slow = qb::pipeline::slowestRows(t, 3);
    ASSERT_EQ(slow.size(), 1u);
    EXPECT_EQ(slow[0], &dw);
    const std::string why = qb::pipeline::explainKernel(dw);
    for (const char* part : {"dw (depthwise Conv, 1x8x4x4)", "jit_uni_int8:avx2 in s8/s8→f32", "1.000 ms", "2.50x fp32's jit_dw:avx2 (0.400 ms)",
                             "picks jit_uni_int8 for it in int8, not jit_dw", "1.000 ms of its mean 2.000 ms outside the primitive"})
        EXPECT_NE(why.find(part), std::string::npos) << part << " in: " << why;
    const std::string html = qb::pipeline::kernelTableHtml(t);
    EXPECT_NE(html.find("<tr class='bad'><td>dw</td>"), std::string::npos) << html;
    EXPECT_EQ(html.find("<tr class='bad'><td>conv</td>"), std::string::npos);
    EXPECT_TRUE(qb::pipeline::kernelTableHtml({}).empty());
}

TEST(KernelTable, PrecisionNamesTheTypesThatDiffer) {
    EXPECT_EQ(qb::pipeline::kernelPrecision(node("a", "Conv", "x", "fff", 1, 1, 1)), "f32");
    EXPECT_EQ(qb::pipeline::kernelPrecision(node("a", "Conv", "x", "uss", 1, 1, 1)), "u8/s8→s8");
    EXPECT_EQ(qb::pipeline::kernelPrecision(node("a", "Add", "x", "f s", 1, 1, 1)), "f32→s8");
    EXPECT_EQ(qb::pipeline::kernelPrecision(node("a", "Add", "x", "s s", 1, 1, 1)), "s8");
    EXPECT_EQ(qb::pipeline::kernelPrecision(node("a", "Reshape", "host", "", 1, 1, 1)), "");
}

} // namespace
