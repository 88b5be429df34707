// A layered drawing of an op graph (Sugiyama style) for the graph view: rows by depth, an order
// within each row that keeps edge crossings few, and a horizontal position for every node.
#pragma once
#include <cstddef>
#include <vector>

#include "core/model/model.h"

namespace qb {

struct GraphLayout {
    /// One edge per (producer, reader) pair of nodes, however many values the pair shares.
    struct Edge {
        size_t from = 0, to = 0;   ///< indices into Model::nodes
        std::vector<double> bends; ///< x where the edge passes each row strictly between its ends
    };
    std::vector<int> row;    ///< per node: 0 at the top, below every producer it reads; -1: not drawn
    std::vector<double> x;   ///< per node: horizontal position, in units of one node slot
    std::vector<Edge> edges; ///< in reader order, then producer order
    int rows = 0;
    size_t crossings = 0;    ///< pairs of edge segments that cross between adjacent rows
};

/// Lays out `model.nodes`. ONNX Constant nodes (a value, no computation; half of PP-OCRv4 det's
/// 672 nodes) are left out: row -1, x NaN, no edges; their readers treat them as initializers.
/// A node fed (through any chain) by a graph input sits at its longest
/// path from the inputs; a node fed only by constants (Constant nodes, shape computations on
/// initializers) sits right above its first reader, so constants do not crowd the top row.
/// The order within rows comes from barycentre sweeps over the graph with a placeholder in each
/// row a long edge passes; the result depends only on the graph. Throws qb::Error(model.path,
/// "node '<name>' ...") when the nodes form a cycle.
GraphLayout layoutGraph(const Model& model);

} // namespace qb
