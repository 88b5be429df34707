// The in-memory model: named weights that are views into the (memory-mapped) file, plus what
// the format says about the architecture. Later steps add how to run it.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/model/llama_config.h"
#include "core/tensor/dtype.h"

namespace qb {

struct TensorEntry {
    std::string name;
    std::vector<int64_t> shape;      ///< row-major, outermost first (numpy order)
    DType dtype = DType::F32;
    std::string kind;                ///< consuming op or role: "Conv", "Gemm", "Dense", "attn_q", "norm"...
    bool quantizable = false;        ///< a weight matrix/kernel that a quantizer would touch
    int channelAxis = 0;             ///< axis of output channels (Conv OIHW: 0, MatMul [K,N]: 1, Keras: last)
    std::span<const std::byte> data; ///< raw stored bytes; a view into Model::storage
    uint64_t fileOffset = 0;         ///< where data starts in its file (0 if not file-backed)

    int64_t params() const;          ///< product of shape (1 for a scalar)
    uint64_t bytes() const { return data.size(); }
};

/// One node attribute (ONNX AttributeProto subset). A tensor attribute names its tensor in
/// Model::tensors (a Constant node's value is the tensor named after the node's output).
struct Attribute {
    enum class Kind { Int, Ints, Float, Floats, String, Tensor };
    Kind kind = Kind::Int;
    int64_t i = 0;
    float f = 0.f;
    std::vector<int64_t> ints;
    std::vector<float> floats;
    std::string s; ///< the string, or the tensor's name for Kind::Tensor
};

/// A node of the op graph: what inspection shows and what the engine executes.
struct GraphNode {
    std::string name;
    std::string op;
    std::vector<std::string> inputs;
    std::vector<std::string> outputs;
    std::map<std::string, Attribute> attrs;
};

/// A declared graph input or output; dims of -1 are symbolic or unknown.
struct GraphValue {
    std::string name;
    std::vector<int64_t> shape; ///< empty when the file declares no shape
};

struct Model {
    std::string path;           ///< what the user opened (file or folder)
    std::string format;         ///< "onnx", "safetensors", "gguf", "llama2c", "keras_h5"
    std::string architecture;   ///< "llama", "cnn", the ONNX graph name, the Keras class...
    /// Ordered summary shown to the user: opset, producer, config values, GGUF metadata...
    std::vector<std::pair<std::string, std::string>> properties;
    std::vector<TensorEntry> tensors;
    std::vector<GraphNode> nodes;          ///< op graph (ONNX/Keras); empty for LLM checkpoints
    std::vector<GraphValue> graphInputs;   ///< ONNX: runtime inputs (initializers excluded)
    std::vector<GraphValue> graphOutputs;  ///< ONNX: graph outputs in declared order
    std::optional<LlamaConfig> llama;      ///< set for decoder-only LLM checkpoints
    /// Keeps mapped files and owned buffers alive for the spans in `tensors`.
    std::vector<std::shared_ptr<const void>> storage;

    int64_t totalParams() const;
    uint64_t totalBytes() const;
    const TensorEntry* find(const std::string& name) const;
    void addProperty(std::string key, std::string value) {
        properties.emplace_back(std::move(key), std::move(value));
    }
};

/// Decodes a tensor to f32 (plain and ggml block types). Throws qb::Error naming the tensor if
/// its dtype cannot be decoded or its byte size does not match its shape.
std::vector<float> toFloat(const TensorEntry& t);
/// Same, into a caller buffer of t.params() floats.
void toFloat(const TensorEntry& t, std::span<float> out);

} // namespace qb
