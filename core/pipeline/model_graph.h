// The op graph of an ONNX or Keras model as the graph view draws it: the layout, and per node what
// the engine runs it as under a quantization (fp32 or int8) and how far its output drifts from
// fp32's (output SQNR, every node the engine runs, not only the quantizable layers).
#pragma once
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/model/graph_layout.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/util/job.h"

namespace qb::pipeline {

enum class NodePrecision { Fp32, Int8 };

enum class NodeStatus {
    Unmeasured, ///< no data was run (or its value is a graph output the engine does not hand back)
    Measured,   ///< sqnrDb is its output's
    Fused,      ///< runs inside another node (a folded BatchNorm's Conv, a Relu post-op...), whose
                ///< output is the first measured one after it: see measuredAt
    Constant,   ///< computed once from constants before the run (shape arithmetic, reshaped
                ///< weights); sqnrDb is set when a node reads it (a quantized weight's own SQNR)
};

struct GraphNodeInfo {
    std::string name, op;             ///< Model::nodes' (Keras: the layer and its class)
    std::vector<int64_t> shape;       ///< its output's, one sample; empty when not measured
    NodePrecision precision = NodePrecision::Fp32; ///< the kernel that computes it
    std::string weight;               ///< the quantizable weight it reads (the layer's name), or ""
    std::string scheme;               ///< that weight's scheme in the quantization, "" when kept f32
    NodeStatus status = NodeStatus::Unmeasured;
    double sqnrDb = std::numeric_limits<double>::quiet_NaN(); ///< its output's, +inf when exact; NaN: not measured
    int64_t measuredAt = -1;          ///< Fused: the node whose output includes this one's, or -1
};

struct ModelGraph {
    GraphLayout layout;
    std::vector<GraphNodeInfo> nodes; ///< as Model::nodes
    int64_t samples = 0;              ///< images the SQNR was measured on; 0: not measured
    bool empty() const { return nodes.empty(); }
};

/// The layout and each node's precision with `quantization` applied (null: all fp32, and the
/// engine is not consulted), nothing measured. Throws qb::Error for a model that is not an op
/// graph (a language model), or whose quantization the engine cannot run (as it would).
ModelGraph modelGraph(const Model& model, const ProjectQuantization* quantization);

/// modelGraph() plus every node's output SQNR against fp32 on the first `samples` images of
/// `data`, one image at a time. Int8 layers run unchained (Int8Options::chain off) so that each
/// value is that node's own output, not its readers' input codes. Throws qb::Error (bad data,
/// a value whose size differs between the runs), qb::Cancelled.
ModelGraph measureModelGraph(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                             const DataSpec& data, int64_t samples, const JobContext& job);

} // namespace qb::pipeline
