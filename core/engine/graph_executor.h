// Runs an ONNX op graph in fp32: host tensors between oneDNN primitives. Construction checks that
// every operator is supported; a plan (shapes inferred, constants folded, primitives created) is
// built once per distinct set of input shapes and reused for every later run with those shapes.
#pragma once
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/domain/quantized_layer.h"
#include "core/engine/cpu_isa.h"
#include "core/engine/host_tensor.h"
#include "core/engine/int8_layer.h"
#include "core/model/model.h"

namespace qb::engine {

/// An op graph in ONNX form with its constants decoded: what a frontend hands the engine.
struct Graph {
    std::string path;              ///< the model file, for error messages
    int opset = 0;                 ///< default-domain opset whose operator semantics apply
    std::vector<GraphNode> nodes;  ///< in execution order
    std::map<std::string, Tensor> constants;
    std::vector<GraphValue> inputs, outputs;
    /// Keras: the value holding each layer's output (layer name -> value); ONNX: empty (a
    /// node's outputs are its values).
    std::map<std::string, std::string> layerValues;
};

/// Called before a node runs, with its inputs (nullptr for absent optional ones): calibration
/// taps read activations here without the engine storing them.
using NodeObserver = std::function<void(const GraphNode& node, std::span<const Tensor* const> inputs)>;

/// W8A8 execution: each Conv, Gemm or MatMul whose weight tensor is named by a layer here (codes of
/// scheme int8_channel_sym and an activation range) runs as an int8 oneDNN primitive; every other
/// node stays fp32. Layers are oriented as quantized_layer.h says ([output channels, rest]).
struct Int8Options {
    /// One per weight. A weight that several nodes read runs int8 in the first only: its
    /// calibrated range is the first reader's input, which says nothing about the others' inputs
    /// (those run its dequantized weights in fp32).
    std::vector<quant::QuantizedLayer> layers;
    ActivationRange range = ActivationRange::Auto; ///< see cpu_isa.h
    /// An int8 Conv whose output only int8 Convs of one activation grid read writes that grid's
    /// 8-bit codes itself, so the f32 round trip and the re-quantizing pass between them go.
    bool chain = true;
};

/// One executed node (after fusion) of the runs since profiling started (Executor::setProfiling).
struct NodeProfile {
    size_t index = 0;              ///< into Executor::nodes()
    std::string node, op;
    std::string impl = "host";     ///< oneDNN's implementation name (impl_info_str), or "host"
    std::string src, weights, dst; ///< oneDNN data types ("f32", "u8", "s8"); empty for host ops
    std::vector<std::string> reorders; ///< implementations of the reorders the node runs besides
    bool int8 = false;             ///< runs on the W8A8 kernel
    bool depthwise = false;        ///< a Conv with one input channel per group (group > 1)
    Shape input, output;           ///< shapes of the first input and output
    double seconds = 0;            ///< wall time of the node's kernel, summed over the runs
    double primitiveSeconds = 0;   ///< of which the main oneDNN primitive (0 for host ops)
    double bestSeconds = 0;        ///< the fastest single run: what a busy machine's preemptions leave alone
    int64_t runs = 0;
};

class Executor {
public:
    /// Runs an ONNX model, or a Keras model translated by kerasGraph() (keras_graph.h).
    /// Throws qb::Error(model.path, "node '<name>' (<Op>): operator not supported") for the first
    /// node whose op the engine lacks, or naming a constant it cannot decode.
    /// With int8 layers, also throws qb::Error(path, "tensor '<weight>': ...") for a layer that no
    /// Conv, Gemm, MatMul or patch ConvTranspose takes as weights, or that lacks int8 codes or an activation range.
    explicit Executor(const Model& model, Int8Options int8 = {});
    /// Throws like the Model constructor when a node's op is not supported.
    explicit Executor(Graph graph, Int8Options int8 = {});
    ~Executor();
    Executor(const Executor&) = delete;
    Executor& operator=(const Executor&) = delete;
    /// How many int8 Convs write their readers' codes (Int8Options::chain).
    size_t chainedInt8Layers() const;
    /// How many Concat, Mul and Add nodes join or write int8 readers' codes (Int8Options::chain).
    size_t codeNodes() const;

    const std::string& path() const { return path_; }
    const std::vector<GraphValue>& inputs() const { return inputs_; }
    const std::vector<GraphValue>& outputs() const { return outputs_; }
    /// The nodes as they run: after the fusions of graph_fusion.h (a fused node keeps its name
    /// and takes the output of the last node it absorbed).
    const std::vector<GraphNode>& nodes() const { return nodes_; }
    /// Whether nodes()[node] runs as an int8 primitive.
    bool runsInt8(size_t node) const { return int8_.count(node) > 0; }
    /// engine::int8Capable() (weight_readers.h) for nodes()[node]: a Conv, Gemm or MatMul, or a
    /// ConvTranspose of the patch form (graph_fusion.h isPatchConvTranspose()).
    bool int8Capable(size_t node) const;

    /// Inputs in inputs() order (f32, or i64 for integer inputs); returns outputs() in order.
    /// Throws qb::Error naming the node when the shapes do not fit the graph. `observe`, when set,
    /// sees every node that runs (nodes folded into constants do not run).
    std::vector<Tensor> run(const std::vector<Tensor>& inputs, const NodeObserver& observe = {});

    /// The model weight each Conv, ConvTranspose, Gemm and MatMul node reads as its weight input
    /// (through folds and shape-only ops, as the int8 layers are matched), by node index.
    std::map<size_t, std::string> weightReaders() const;

    /// Off by default (runs then pay nothing). On, each run times every node's kernel (steady
    /// clock, the oneDNN stream waited for) into profile(); turning it on clears the profile.
    void setProfiling(bool on);
    /// The nodes run since profiling was turned on, in execution order; with several input
    /// shapes, a node's kernel is the one of the first shape run.
    std::vector<NodeProfile> profile() const;

private:
    struct Plan;
    Plan& planFor(const std::vector<Tensor>& inputs);

    std::string path_;
    int opset_ = 0;
    std::vector<GraphNode> nodes_;
    std::vector<GraphValue> inputs_, outputs_;
    std::map<std::string, Tensor> constants_;
    std::map<std::vector<std::pair<DType, Shape>>, std::unique_ptr<Plan>> plans_;
    void chainInt8Convs(); // sets Int8Layer::outputGrid (Int8Options::chain)

    std::vector<quant::QuantizedLayer> int8Layers_;
    std::map<size_t, Int8Layer> int8_; // by index into nodes_

    bool profiling_ = false;
    std::vector<NodeProfile> profile_; // by index into nodes_ while profiling
};

/// The op types the engine executes (for --help texts and the conformance scope).
std::vector<std::string> supportedOperators();

} // namespace qb::engine
