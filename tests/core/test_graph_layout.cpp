// The graph view's layout (core/model/graph_layout.h) on small hand-made graphs and on real models
// (mnist-12, PP-OCRv4 det, a Keras CNN): no node above a producer it reads, every producer/reader
// pair one edge, bends for each row a long edge passes, nodes apart within a row, the same
// result every time, and crossings removed where an order without any exists.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/model/graph_layout.h"
#include "core/pipeline/open_input.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {

using qb::GraphLayout;
using qb::GraphNode;
using qb::Model;

GraphNode node(std::string name, std::vector<std::string> inputs, std::string op = "Relu") {
    GraphNode n;
    n.name = name;
    n.op = std::move(op);
    n.inputs = std::move(inputs);
    n.outputs = {name};
    return n;
}

// The (producer, reader) pairs, computed apart from the layout; Constant nodes are not drawn.
std::set<std::pair<size_t, size_t>> expectedEdges(const Model& m) {
    std::set<std::pair<size_t, size_t>> e;
    for (size_t r = 0; r < m.nodes.size(); ++r)
        for (const auto& in : m.nodes[r].inputs)
            for (size_t p = 0; p < m.nodes.size(); ++p)
                if (std::find(m.nodes[p].outputs.begin(), m.nodes[p].outputs.end(), in) != m.nodes[p].outputs.end() &&
                    m.nodes[p].op != "Constant")
                    e.emplace(p, r);
    return e;
}

void checkLayout(const Model& m, const GraphLayout& l) {
    ASSERT_EQ(l.row.size(), m.nodes.size());
    ASSERT_EQ(l.x.size(), m.nodes.size());
    std::set<std::pair<size_t, size_t>> got;
    for (const auto& e : l.edges) {
        EXPECT_LT(l.row[e.from], l.row[e.to]) << m.nodes[e.from].name << " -> " << m.nodes[e.to].name;
        EXPECT_EQ(e.bends.size(), size_t(l.row[e.to] - l.row[e.from] - 1));
        EXPECT_TRUE(got.emplace(e.from, e.to).second) << "edge twice: " << m.nodes[e.from].name;
    }
    EXPECT_EQ(got, expectedEdges(m));
    // Within a row, nodes and the long edges passing it are at least one slot apart.
    std::map<int, std::vector<double>> taken;
    for (size_t k = 0; k < m.nodes.size(); ++k) {
        EXPECT_EQ(l.row[k] < 0, m.nodes[k].op == "Constant") << m.nodes[k].name;
        EXPECT_EQ(std::isnan(l.x[k]), l.row[k] < 0) << m.nodes[k].name;
        if (l.row[k] >= 0) taken[l.row[k]].push_back(l.x[k]);
    }
    for (const auto& e : l.edges)
        for (size_t b = 0; b < e.bends.size(); ++b) taken[l.row[e.from] + 1 + int(b)].push_back(e.bends[b]);
    for (auto& [row, xs] : taken) {
        std::sort(xs.begin(), xs.end());
        EXPECT_GE(xs.front(), 0.0);
        for (size_t i = 1; i < xs.size(); ++i) EXPECT_GE(xs[i] - xs[i - 1], 1.0 - 1e-9) << "row " << row;
    }
    EXPECT_GE(l.rows, 1);
}

bool sameLayout(const GraphLayout& a, const GraphLayout& b) {
    if (a.row != b.row || a.x.size() != b.x.size() || a.edges.size() != b.edges.size() || a.crossings != b.crossings)
        return false;
    for (size_t k = 0; k < a.x.size(); ++k) // NaN (not drawn) equals NaN here
        if (a.x[k] != b.x[k] && !(std::isnan(a.x[k]) && std::isnan(b.x[k]))) return false;
    for (size_t e = 0; e < a.edges.size(); ++e)
        if (a.edges[e].from != b.edges[e].from || a.edges[e].to != b.edges[e].to || a.edges[e].bends != b.edges[e].bends)
            return false;
    return true;
}

} // namespace

// in -> a, b; a -> c; b -> d; c, d -> e, listed so that the file's order crosses (d before c).
TEST(GraphLayout, RowsAreLongestPathsAndCrossingsGo) {
    Model m;
    m.path = "diamond.onnx";
    m.nodes = {node("a", {"input"}), node("b", {"input"}), node("d", {"b"}), node("c", {"a"}),
               node("e", {"c", "d", "a"}, "Add")};
    // Read in order b, a: a naive order (a, b / d, c) crosses once.
    m.nodes[4].inputs = {"d", "c", "a"};
    const GraphLayout l = qb::layoutGraph(m);
    checkLayout(m, l);
    EXPECT_EQ(l.row, (std::vector<int>{0, 0, 1, 1, 2}));
    EXPECT_EQ(l.rows, 3);
    EXPECT_EQ(l.crossings, 0u);
    // a is read by c and e (two rows down): e's edge from a has one bend; c sits under a, d under b.
    EXPECT_EQ((l.x[3] < l.x[2]), (l.x[0] < l.x[1]));
    EXPECT_EQ(l.edges.size(), 5u);
}

// Shape arithmetic on initializers hangs right above its first reader; Constant nodes are not drawn.
TEST(GraphLayout, ConstantsSitAboveTheirReader) {
    Model m;
    m.path = "consts.onnx";
    qb::TensorEntry w;
    w.name = "w";
    m.tensors.push_back(w);
    m.nodes = {node("a", {"input"}), node("b", {"a"}), node("k", {}, "Constant"), node("s", {"w"}, "Reshape"),
               node("c", {"b", "k", "s"}, "Add")};
    const GraphLayout l = qb::layoutGraph(m);
    checkLayout(m, l);
    EXPECT_EQ(l.row[4], 2);
    EXPECT_EQ(l.row[2], -1);
    EXPECT_EQ(l.row[3], 1); // not 0: just above c
    EXPECT_EQ(l.edges.size(), 3u);
}

TEST(GraphLayout, CycleIsAnError) {
    Model m;
    m.path = "cycle.onnx";
    m.nodes = {node("a", {"input", "c"}), node("b", {"a"}), node("c", {"b"})};
    try {
        (void)qb::layoutGraph(m);
        FAIL() << "no error";
    } catch (const qb::Error& e) {
        EXPECT_NE(std::string(e.what()).find("cycle.onnx: node '"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos);
    }
}

// Real graphs: mnist-12 (12 nodes, a chain), PP-OCRv4 det (hundreds, with skips), squeezenet (fire
// modules), PaddleOCR cls, a Keras CNN.
TEST(GraphLayout, RealModels) {
    for (const char* file : {"onnx/mnist-12.onnx", "onnx/ch_PP-OCRv4_det_infer.onnx", "onnx/squeezenet_cifar10.onnx",
                             "onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx", "keras/mnist_cnn.h5"}) {
        SCOPED_TRACE(file);
        const auto m = qb::pipeline::openInput(qb::test::model(file)).model;
        const GraphLayout a = qb::layoutGraph(*m), b = qb::layoutGraph(*m);
        checkLayout(*m, a);
        EXPECT_TRUE(sameLayout(a, b));
        std::printf("%s: %zu nodes, %zu edges, %d rows, %zu crossings\n", file, m->nodes.size(), a.edges.size(), a.rows,
                    a.crossings);
        if (std::string(file) == "onnx/mnist-12.onnx") {
            // A chain with its Constants beside it: nothing crosses, and the depth is the chain's.
            EXPECT_EQ(a.crossings, 0u);
        }
    }
}
