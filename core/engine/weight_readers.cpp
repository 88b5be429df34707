#include "core/engine/weight_readers.h"

#include "core/engine/graph_fusion.h"

namespace qb::engine {

bool isLayoutOp(const std::string& op) {
    return op == "Reshape" || op == "Flatten" || op == "Squeeze" || op == "Unsqueeze" || op == "Identity";
}

bool isMatrixOp(const std::string& op) { return op == "Conv" || op == "ConvTranspose" || op == "Gemm" || op == "MatMul"; }

std::string layoutSource(std::string name, const std::map<std::string, const GraphNode*>& producer) {
    // Bounded: a malformed graph may hold a cycle of Reshapes.
    for (size_t hops = 0; hops <= producer.size(); ++hops) {
        const auto p = producer.find(name);
        if (p == producer.end() || !isLayoutOp(p->second->op) || p->second->inputs.empty()) break;
        name = p->second->inputs[0];
    }
    return name;
}

const GraphNode* weightReader(std::span<const GraphNode> nodes, const std::string& weight) {
    std::map<std::string, const GraphNode*> producer;
    for (const auto& n : nodes)
        for (const auto& o : n.outputs) producer[o] = &n;
    for (const auto& n : nodes)
        if (isMatrixOp(n.op) && n.inputs.size() >= 2 && layoutSource(n.inputs[1], producer) == weight) return &n;
    return nullptr;
}

bool int8Capable(const GraphNode& n, const Shape& weightShape) {
    return n.op == "Conv" || n.op == "Gemm" || n.op == "MatMul" || isPatchConvTranspose(n, weightShape);
}

} // namespace qb::engine
