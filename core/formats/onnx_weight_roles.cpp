#include "core/formats/onnx_weight_roles.h"

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace qb {

namespace {

/// A node that uses a tensor as its weight; axis -1 means "the last axis".
struct WeightUse {
    std::string op;
    int axis = 0;
};

int64_t intAttr(const onnx::NodeProto& n, const char* name, int64_t fallback) {
    for (const auto& a : n.attribute())
        if (a.name() == name) return a.i();
    return fallback;
}

const onnx::AttributeProto* findAttr(const onnx::NodeProto& n, const char* name) {
    for (const auto& a : n.attribute())
        if (a.name() == name) return &a;
    return nullptr;
}

class RoleFinder {
public:
    explicit RoleFinder(const onnx::GraphProto& g) {
        for (const auto& n : g.node())
            for (int i = 0; i < n.input_size(); ++i)
                if (!n.input(i).empty()) consumers_[n.input(i)].emplace_back(&n, i);
    }

    const onnx::NodeProto* firstConsumer(const std::string& name) const {
        const auto it = consumers_.find(name);
        return it == consumers_.end() ? nullptr : it->second.front().first;
    }

    /// The matrix/kernel use of `name`, followed through Reshape/Transpose (exporters reshape
    /// weights before MatMul, e.g. mnist-8's Parameter193). Memoized so a hostile graph with
    /// shared or cyclic chains costs linear time.
    std::optional<WeightUse> weightUse(const std::string& name, int depth = 0) {
        if (const auto it = memo_.find(name); it != memo_.end()) return it->second;
        memo_[name] = std::nullopt; // breaks cycles
        std::optional<WeightUse> found;
        const auto it = consumers_.find(name);
        if (it != consumers_.end()) {
            for (const auto& [node, index] : it->second) {
                found = directUse(*node, index);
                if (!found && index == 0 && depth < kMaxChain && node->output_size() > 0)
                    found = throughLayoutOp(*node, depth);
                if (found) break;
            }
        }
        memo_[name] = found;
        return found;
    }

private:
    static constexpr int kMaxChain = 16; // bounds recursion; real weights pass one or two ops

    static std::optional<WeightUse> directUse(const onnx::NodeProto& n, int index) {
        const std::string& op = n.op_type();
        if (index == 1) {
            if (op == "Conv") return WeightUse{op, 0};             // [out, in/g, kh, kw]
            if (op == "ConvTranspose") return WeightUse{op, 1};    // [in, out/g, kh, kw]
            if (op == "Gemm") return WeightUse{op, intAttr(n, "transB", 0) ? 0 : -1};
            if (op == "MatMul") return WeightUse{op, -1};          // [..., K, N]
        }
        // An embedding table: rows gathered by token id.
        if (index == 0 && op == "Gather" && intAttr(n, "axis", 0) == 0) return WeightUse{op, 0};
        return std::nullopt;
    }

    std::optional<WeightUse> throughLayoutOp(const onnx::NodeProto& n, int depth) {
        const bool transpose = n.op_type() == "Transpose";
        if (!transpose && n.op_type() != "Reshape") return std::nullopt;
        auto use = weightUse(n.output(0), depth + 1);
        if (!use || !transpose) return use; // a weight Reshape keeps its outer and inner axes
        // Map the consumer's axis back through an explicit permutation.
        const auto* perm = findAttr(n, "perm");
        if (!perm || perm->ints_size() == 0) return use;
        int axis = use->axis < 0 ? perm->ints_size() - 1 : use->axis;
        if (axis < perm->ints_size()) {
            const int64_t src = perm->ints(axis);
            use->axis = src >= 0 && src < perm->ints_size() ? int(src) : 0;
        }
        return use;
    }

    std::unordered_map<std::string, std::vector<std::pair<const onnx::NodeProto*, int>>> consumers_;
    std::unordered_map<std::string, std::optional<WeightUse>> memo_;
};

} // namespace

void assignOnnxWeightRoles(const onnx::GraphProto& graph, std::vector<TensorEntry>& tensors) {
    RoleFinder finder(graph);
    for (auto& t : tensors) {
        if (const auto* first = finder.firstConsumer(t.name)) t.kind = first->op_type();
        const auto use = finder.weightUse(t.name);
        if (!use || t.shape.size() < 2) continue;
        t.kind = use->op;
        t.quantizable = true;
        const int rank = int(t.shape.size());
        t.channelAxis = use->axis < 0 || use->axis >= rank ? rank - 1 : use->axis;
    }
}

} // namespace qb
