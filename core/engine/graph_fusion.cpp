#include "core/engine/graph_fusion.h"

#include <cmath>
#include <unordered_map>

namespace qb::engine {

namespace {

const Tensor* constantF32(const std::map<std::string, Tensor>& constants, const std::string& name) {
    const auto it = constants.find(name);
    return it != constants.end() && it->second.dtype == DType::F32 ? &it->second : nullptr;
}

float attrFloat(const GraphNode& n, const std::string& name, float def) {
    const auto it = n.attrs.find(name);
    return it != n.attrs.end() && it->second.kind == Attribute::Kind::Float ? it->second.f : def;
}
int64_t attrInt(const GraphNode& n, const std::string& name, int64_t def) {
    const auto it = n.attrs.find(name);
    return it != n.attrs.end() && it->second.kind == Attribute::Kind::Int ? it->second.i : def;
}

} // namespace

void foldConvBatchNorm(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                       const std::vector<GraphValue>& outputs) {
    std::unordered_map<std::string, int> readers;
    for (const auto& n : nodes)
        for (const auto& in : n.inputs) ++readers[in];
    for (const auto& o : outputs) ++readers[o.name];
    std::unordered_map<std::string, size_t> producer;
    for (size_t k = 0; k < nodes.size(); ++k)
        for (const auto& out : nodes[k].outputs) producer[out] = k;

    std::vector<bool> drop(nodes.size(), false);
    for (size_t k = 0; k < nodes.size(); ++k) {
        const GraphNode& bn = nodes[k];
        if (bn.op != "BatchNormalization" || bn.inputs.size() != 5 || attrInt(bn, "training_mode", 0) != 0 ||
            attrInt(bn, "spatial", 1) != 1)
            continue;
        // Running-statistics outputs are rejected by the BN kernel; leave such nodes to it.
        bool extraOutputs = false;
        for (size_t j = 1; j < bn.outputs.size(); ++j) extraOutputs = extraOutputs || !bn.outputs[j].empty();
        const auto p = producer.find(bn.inputs[0]);
        if (extraOutputs || p == producer.end() || readers[bn.inputs[0]] != 1) continue;
        GraphNode& conv = nodes[p->second];
        if (conv.op != "Conv" || conv.outputs.size() != 1 || conv.inputs.size() < 2) continue;
        const Tensor* w = constantF32(constants, conv.inputs[1]);
        const Tensor* b = conv.inputs.size() > 2 && !conv.inputs[2].empty() ? constantF32(constants, conv.inputs[2]) : nullptr;
        if (!w || w->rank() < 3 || (conv.inputs.size() > 2 && !conv.inputs[2].empty() && !b)) continue;
        const int64_t M = w->shape[0];
        const Shape cs{M};
        const Tensor *gamma = constantF32(constants, bn.inputs[1]), *beta = constantF32(constants, bn.inputs[2]),
                     *mean = constantF32(constants, bn.inputs[3]), *var = constantF32(constants, bn.inputs[4]);
        if (!gamma || !beta || !mean || !var || gamma->shape != cs || beta->shape != cs || mean->shape != cs ||
            var->shape != cs || (b && b->shape != cs))
            continue;
        const float eps = attrFloat(bn, "epsilon", 1e-5f);
        Tensor w2 = *w, b2(DType::F32, cs);
        const int64_t per = w->numel() / M;
        for (int64_t m = 0; m < M; ++m) {
            const float s = gamma->f[size_t(m)] / std::sqrt(var->f[size_t(m)] + eps);
            for (int64_t e = 0; e < per; ++e) w2.f[size_t(m * per + e)] *= s;
            b2.f[size_t(m)] = ((b ? b->f[size_t(m)] : 0.f) - mean->f[size_t(m)]) * s + beta->f[size_t(m)];
        }
        // Names no ONNX value can hold ('#' is not produced by exporters), unique per node.
        const std::string wName = conv.outputs[0] + "#bn_folded_weights", bName = conv.outputs[0] + "#bn_folded_bias";
        constants[wName] = std::move(w2);
        constants[bName] = std::move(b2);
        conv.inputs.resize(3);
        conv.inputs[1] = wName;
        conv.inputs[2] = bName;
        conv.outputs[0] = bn.outputs[0];
        drop[k] = true;
    }
    std::vector<GraphNode> kept;
    kept.reserve(nodes.size());
    for (size_t k = 0; k < nodes.size(); ++k)
        if (!drop[k]) kept.push_back(std::move(nodes[k]));
    nodes = std::move(kept);
}

} // namespace qb::engine
