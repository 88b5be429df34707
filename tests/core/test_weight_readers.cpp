// Which node reads a weight and whether the int8 execution runs it (engine/weight_readers.h): the
// one answer quantize, the executor, the latency table and the QDQ exporter share.
#include <gtest/gtest.h>

#include "core/engine/weight_readers.h"

namespace {

using qb::GraphNode;
using qb::engine::Shape;

GraphNode node(std::string op, std::vector<std::string> in, std::vector<std::string> out) {
    return GraphNode{.name = op + "_" + out.at(0), .op = std::move(op), .inputs = std::move(in), .outputs = std::move(out), .attrs = {}};
}

qb::Attribute ints(std::vector<int64_t> v) {
    qb::Attribute a;
    a.kind = qb::Attribute::Kind::Ints;
    a.ints = std::move(v);
    return a;
}

TEST(WeightReaders, FindsTheMatrixNodeThroughLayoutOps) {
    // mnist-12's form: the MatMul's weight is a Reshape of an Identity of the stored tensor.
    const std::vector<GraphNode> nodes{node("Relu", {"x"}, {"r"}), node("Identity", {"w"}, {"w1"}),
                                       node("Reshape", {"w1", "shape"}, {"w2"}), node("MatMul", {"r", "w2"}, {"y"}),
                                       node("Conv", {"y", "k"}, {"z"})};
    const GraphNode* m = qb::engine::weightReader(nodes, "w");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->outputs[0], "y");
    ASSERT_NE(qb::engine::weightReader(nodes, "k"), nullptr);
    EXPECT_EQ(qb::engine::weightReader(nodes, "k")->op, "Conv");
    // An activation input is not a weight, nor is the shape operand of a Reshape.
    EXPECT_EQ(qb::engine::weightReader(nodes, "x"), nullptr);
    EXPECT_EQ(qb::engine::weightReader(nodes, "shape"), nullptr);
}

TEST(WeightReaders, ACycleOfLayoutOpsEnds) {
    // A malformed graph: a and b reshape each other. The walk must stop, not spin.
    const std::vector<GraphNode> nodes{node("Reshape", {"b", "s"}, {"a"}), node("Reshape", {"a", "s"}, {"b"}),
                                       node("Gemm", {"x", "a"}, {"y"})};
    EXPECT_EQ(qb::engine::weightReader(nodes, "w"), nullptr);
}

TEST(WeightReaders, OnlyThePatchFormOfConvTransposeRunsInt8) {
    GraphNode t = node("ConvTranspose", {"x", "w"}, {"y"});
    t.attrs["strides"] = ints({2, 2});
    EXPECT_TRUE(qb::engine::int8Capable(t, Shape{8, 4, 2, 2}));  // kernel = strides, no pads
    EXPECT_FALSE(qb::engine::int8Capable(t, Shape{8, 4, 3, 3})); // overlapping patches
    EXPECT_FALSE(qb::engine::int8Capable(t, Shape{}));           // not the stored weight itself
    t.attrs["pads"] = ints({1, 1, 1, 1});
    EXPECT_FALSE(qb::engine::int8Capable(t, Shape{8, 4, 2, 2}));
    for (const char* op : {"Conv", "Gemm", "MatMul"}) EXPECT_TRUE(qb::engine::int8Capable(node(op, {"x", "w"}, {"y"}), Shape{}));
    EXPECT_FALSE(qb::engine::int8Capable(node("Add", {"x", "w"}, {"y"}), Shape{}));
}

} // namespace
