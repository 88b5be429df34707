// What every operator implementation sees: its node (attributes), its input and output tensors,
// and the two phases of execution. prepare() runs once per input shape (checks inputs, allocates
// outputs, builds oneDNN primitives); run() runs per inference and must not allocate.
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/engine/host_tensor.h"
#include "core/model/model.h"
#include "core/util/error.h"

namespace qb::engine {

struct BlockedValues;
struct Int8Layer;

struct NodeContext {
    const GraphNode* node = nullptr;
    std::string modelPath;
    int opset = 0;               ///< default-domain opset of the model
    std::vector<Tensor*> in;     ///< nullptr for an absent optional input
    std::vector<bool> constant;  ///< per input: its data is known when preparing
    std::vector<Tensor*> out;    ///< one per node output (absent outputs get a scratch tensor)
    std::vector<bool> outUsed;   ///< false for outputs the node leaves unnamed
    BlockedValues* blocked = nullptr; ///< the plan's blocked-layout activations (blocked_layout.h)
    const Int8Layer* int8 = nullptr;  ///< set for nodes that run in int8 (int8_layer.h)
    /// Set while profiling (Executor::setProfiling): oneDNN kernels add the time of their main
    /// primitive here, so that the node's time splits into the primitive and its reorders.
    double* primitiveSeconds = nullptr;

    /// qb::Error(model, "node '<name>' (<Op>): <what>").
    Error fail(const std::string& what) const;

    bool hasInput(size_t k) const { return k < in.size() && in[k]; }
    /// Throws naming the node when input k is absent.
    Tensor& input(size_t k) const;
    /// Input k must exist and be f32.
    Tensor& inputF32(size_t k) const;
    /// Input k's data must be known when preparing (weights, shapes); returns it as i64 values.
    std::vector<int64_t> constInts(size_t k) const;
    std::vector<float> constFloats(size_t k) const;
    bool isConstant(size_t k) const { return hasInput(k) && constant[k]; }
    /// Allocates output k with this dtype and shape; Init::Unset for a kernel whose run() (or
    /// prepare(), or its blocked twin's copy when read) writes every element.
    Tensor& output(size_t k, DType t, const Shape& s, Init init = Init::Zero) const;

    bool hasAttr(const std::string& name) const { return node->attrs.count(name) != 0; }
    int64_t attrInt(const std::string& name, int64_t def) const;
    float attrFloat(const std::string& name, float def) const;
    std::vector<int64_t> attrInts(const std::string& name, std::vector<int64_t> def = {}) const;
    std::vector<float> attrFloats(const std::string& name) const;
    std::string attrString(const std::string& name, const std::string& def) const;
    /// Normalises a possibly negative axis into [0, rank); throws when out of range.
    int axis(int64_t a, int rank) const;
};

/// What a kernel computes with, for profiles: oneDNN's implementation name and data types.
struct KernelInfo {
    std::string impl = "host"; ///< primitive_desc::impl_info_str(), or "host" for the engine's own code
    std::string src, weights, dst; ///< oneDNN data types ("f32", "u8", "s8"); empty where none
    std::vector<std::string> reorders; ///< the implementations of the reorders around the primitive
};

class Kernel {
public:
    virtual ~Kernel() = default;
    /// Valid after prepare(); host kernels are "host" without types.
    virtual KernelInfo info() const { return {}; }
    /// Returns true when prepare() already wrote the final outputs (Shape needs only shapes).
    virtual bool prepare(NodeContext& c) = 0;
    virtual void run(NodeContext& c) = 0;
};

using KernelFactory = std::unique_ptr<Kernel> (*)();
using KernelTable = std::map<std::string, KernelFactory>;

void addHostKernels(KernelTable& t);
/// Runs after addHostKernels(): it wraps the host Transpose and Concat for non-f32 data.
void addDnnlKernels(KernelTable& t);

/// nullptr when the op (default ONNX domain) is not supported.
std::unique_ptr<Kernel> makeKernel(const std::string& op);
/// The W8A8 kernel of a Conv, Gemm, MatMul or patch ConvTranspose (dnnl_int8_ops.cpp); nullptr
/// for other ops.
std::unique_ptr<Kernel> makeInt8Kernel(const std::string& op);

} // namespace qb::engine
