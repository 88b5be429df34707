#include "core/engine/graph_fusion.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <optional>
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

// Readers of every value (graph outputs count as one) and the node producing it.
struct Uses {
    std::unordered_map<std::string, int> readers;
    std::unordered_map<std::string, size_t> producer;
    Uses(const std::vector<GraphNode>& nodes, const std::vector<GraphValue>& outputs) {
        for (const auto& n : nodes)
            for (const auto& in : n.inputs) ++readers[in];
        for (const auto& o : outputs) ++readers[o.name];
        for (size_t k = 0; k < nodes.size(); ++k)
            for (const auto& out : nodes[k].outputs) producer[out] = k;
    }
};

std::vector<GraphNode> without(std::vector<GraphNode>& nodes, const std::vector<bool>& drop) {
    std::vector<GraphNode> kept;
    kept.reserve(nodes.size());
    for (size_t k = 0; k < nodes.size(); ++k)
        if (!drop[k]) kept.push_back(std::move(nodes[k]));
    return kept;
}

// A Clip bound: the attribute before opset 11, a constant scalar input from then on; nullopt when
// the bound is computed at run time (the Clip then stays a node of its own).
std::optional<float> clipBound(const GraphNode& n, const std::map<std::string, Tensor>& constants, int opset,
                               size_t input, const char* attr, float def) {
    if (opset < 11) return attrFloat(n, attr, def);
    if (n.inputs.size() <= input || n.inputs[input].empty()) return def;
    const Tensor* t = constantF32(constants, n.inputs[input]);
    if (!t || t->numel() != 1) return std::nullopt;
    return t->f[0];
}

// The activation's parameters, or nullopt when it cannot be fused.
std::optional<std::vector<float>> activationParams(const GraphNode& n, const std::map<std::string, Tensor>& constants,
                                                   int opset) {
    if (n.outputs.size() != 1 || n.inputs.empty()) return std::nullopt;
    if (n.op == "Relu" || n.op == "Sigmoid" || n.op == "Tanh" || n.op == "HardSwish") return std::vector<float>{};
    if (n.op == "LeakyRelu") return std::vector<float>{attrFloat(n, "alpha", 0.01f)};
    if (n.op == "HardSigmoid") return std::vector<float>{attrFloat(n, "alpha", 0.2f), attrFloat(n, "beta", 0.5f)};
    if (n.op == "Clip") {
        const auto lo = clipBound(n, constants, opset, 1, "min", -FLT_MAX), hi = clipBound(n, constants, opset, 2, "max", FLT_MAX);
        if (!lo || !hi) return std::nullopt;
        return std::vector<float>{*lo, *hi};
    }
    return std::nullopt;
}

// Gemm applies a post-op correctly only when its C is a bias the primitive adds (beta 1, one row).
bool gemmTakesPostOp(const GraphNode& g, const std::map<std::string, Tensor>& constants) {
    if (g.inputs.size() < 3 || g.inputs[2].empty() || attrFloat(g, "beta", 1.f) == 0.f) return true;
    const Tensor* b = constantF32(constants, g.inputs[1]);
    const Tensor* c = constantF32(constants, g.inputs[2]);
    if (!b || !c || b->rank() != 2 || attrFloat(g, "beta", 1.f) != 1.f) return false;
    const int64_t N = attrInt(g, "transB", 0) ? b->shape[0] : b->shape[1];
    return c->shape == Shape{N} || c->shape == Shape{1, N};
}

// A constant scalar's value, or nullopt.
std::optional<float> scalar(const std::map<std::string, Tensor>& constants, const std::string& name) {
    const Tensor* t = constantF32(constants, name);
    if (!t || t->numel() != 1) return std::nullopt;
    return t->f[0];
}

// The input of `n` other than `other`, when `n` has exactly two inputs and one of them is `other`.
const std::string* otherInput(const GraphNode& n, const std::string& other) {
    if (n.inputs.size() != 2) return nullptr;
    if (n.inputs[0] == other) return &n.inputs[1];
    if (n.inputs[1] == other) return &n.inputs[0];
    return nullptr;
}

// Per-output-channel values of a constant that broadcasts against a Conv output [N,M,spatial...]
// along M only (or is a scalar); empty when it does not.
std::vector<float> perChannel(const Tensor& t, int64_t M, int outRank) {
    if (t.rank() > outRank) return {};
    if (t.numel() == 1) return std::vector<float>(size_t(M), t.f[0]);
    for (int j = 0; j < t.rank(); ++j) {
        const int at = outRank - t.rank() + j;
        if (t.shape[size_t(j)] != (at == 1 ? M : 1)) return {};
    }
    return {t.f.begin(), t.f.end()};
}

// A Conv, or a ConvTranspose that computes like one (isPatchConvTranspose).
bool isConvLike(const GraphNode& n, const std::map<std::string, Tensor>& constants) {
    return n.op == "Conv" || isPatchConvTranspose(n, constants);
}

// Whether `n` can take post-ops (an activation, a linear map).
bool takesPostOps(const GraphNode& n, const std::map<std::string, Tensor>& constants) {
    if (n.op == "Gemm") return gemmTakesPostOp(n, constants);
    return n.op == "MatMul" || isConvLike(n, constants);
}

// Output channels of a Conv ([M, C/g, k...]) or patch ConvTranspose ([C, M, k...]) weight `w`.
int64_t outputChannels(const GraphNode& conv, const Tensor& w) { return conv.op == "ConvTranspose" ? w.shape[1] : w.shape[0]; }

// Multiplies each output channel m's weights by s[m], in either weight layout.
void scaleOutputChannels(const GraphNode& conv, Tensor& w, const std::vector<float>& s) {
    const int64_t M = outputChannels(conv, w);
    const int64_t per = w.numel() / M;
    if (conv.op != "ConvTranspose") {
        for (int64_t m = 0; m < M; ++m)
            for (int64_t e = 0; e < per; ++e) w.f[size_t(m * per + e)] *= s[size_t(m)];
        return;
    }
    const int64_t C = w.shape[0], K = per / C;
    for (int64_t c = 0; c < C; ++c)
        for (int64_t m = 0; m < M; ++m)
            for (int64_t e = 0; e < K; ++e) w.f[size_t((c * M + m) * K + e)] *= s[size_t(m)];
}

// Records on `conv`, about to get folded weights, where its weights came from (kWeightSource) and
// the factor `s` (nullptr: 1) each output channel's weights are multiplied by, on top of earlier folds.
void recordFold(GraphNode& conv, int64_t M, const std::vector<float>* s) {
    if (!conv.attrs.count(kWeightSource)) {
        Attribute source;
        source.kind = Attribute::Kind::String;
        source.s = conv.inputs[1];
        conv.attrs[kWeightSource] = source;
    }
    if (!conv.attrs.count(kWeightChannelScale)) { // a frontend may have named the source already
        Attribute ones;
        ones.kind = Attribute::Kind::Floats;
        ones.floats.assign(size_t(M), 1.f);
        conv.attrs[kWeightChannelScale] = ones;
    }
    auto& total = conv.attrs[kWeightChannelScale].floats;
    if (s)
        for (size_t m = 0; m < total.size() && m < s->size(); ++m) total[m] *= (*s)[m];
}

// Folds a Mul or Add by a per-channel constant into the Conv before it: w' = w*s, b' = b*s or
// b' = b + t. Returns whether it did.
bool foldAffine(const GraphNode& op, GraphNode& conv, std::map<std::string, Tensor>& constants) {
    const bool mul = op.op == "Mul";
    const std::string* k = otherInput(op, conv.outputs[0]);
    if ((!mul && op.op != "Add") || !k || op.outputs.size() != 1 || conv.inputs.size() < 2) return false;
    const Tensor* c = constantF32(constants, *k);
    const Tensor* w = constantF32(constants, conv.inputs[1]);
    const bool hasBias = conv.inputs.size() > 2 && !conv.inputs[2].empty();
    const Tensor* b = hasBias ? constantF32(constants, conv.inputs[2]) : nullptr;
    if (!c || !w || w->rank() < 3 || (hasBias && !b)) return false;
    const int64_t M = outputChannels(conv, *w);
    if (b && b->shape != Shape{M}) return false;
    const auto v = perChannel(*c, M, w->rank());
    if (v.empty()) return false;
    Tensor w2 = *w, b2(DType::F32, Shape{M});
    if (mul) scaleOutputChannels(conv, w2, v);
    for (int64_t m = 0; m < M; ++m) {
        const float bm = b ? b->f[size_t(m)] : 0.f, vm = v[size_t(m)];
        b2.f[size_t(m)] = mul ? bm * vm : bm + vm;
    }
    recordFold(conv, M, mul ? &v : nullptr);
    const std::string wName = op.outputs[0] + "#affine_folded_weights", bName = op.outputs[0] + "#affine_folded_bias";
    constants[wName] = std::move(w2);
    constants[bName] = std::move(b2);
    conv.inputs.resize(3);
    conv.inputs[1] = wName;
    conv.inputs[2] = bName;
    conv.outputs[0] = op.outputs[0];
    return true;
}

} // namespace

bool isPatchConvTranspose(const GraphNode& n, const std::map<std::string, Tensor>& constants) {
    if (n.op != "ConvTranspose" || n.inputs.size() < 2) return false;
    const Tensor* w = constantF32(constants, n.inputs[1]);
    return w && isPatchConvTranspose(n, w->shape);
}

bool isPatchConvTranspose(const GraphNode& n, const Shape& weightShape) {
    if (n.op != "ConvTranspose" || weightShape.size() != 4) return false; // 2-D only, as the kernel's patch path
    const Shape kernel(weightShape.begin() + 2, weightShape.end());
    const auto ints = [&](const char* name, int64_t def) {
        const auto it = n.attrs.find(name);
        return it != n.attrs.end() ? it->second.ints : std::vector<int64_t>(kernel.size(), def);
    };
    const auto all = [](const std::vector<int64_t>& v, int64_t x) { return std::all_of(v.begin(), v.end(), [&](int64_t e) { return e == x; }); };
    const auto pad = n.attrs.find("auto_pad");
    const bool padOk = pad == n.attrs.end() || pad->second.s == "NOTSET" || pad->second.s == "VALID";
    const auto ks = n.attrs.find("kernel_shape");
    return attrInt(n, "group", 1) == 1 && padOk && !n.attrs.count("output_shape") && all(ints("pads", 0), 0) &&
           all(ints("output_padding", 0), 0) && all(ints("dilations", 1), 1) &&
           (ks == n.attrs.end() || ks->second.ints == std::vector<int64_t>(kernel.begin(), kernel.end())) &&
           ints("strides", 1) == std::vector<int64_t>(kernel.begin(), kernel.end());
}

void foldConvAffine(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                    const std::vector<GraphValue>& outputs) {
    Uses uses(nodes, outputs);
    std::vector<bool> drop(nodes.size(), false);
    for (size_t k = 0; k < nodes.size(); ++k) {
        const GraphNode& op = nodes[k];
        if ((op.op != "Mul" && op.op != "Add") || op.inputs.size() != 2) continue;
        for (const auto& in : op.inputs) {
            const auto p = uses.producer.find(in);
            if (p == uses.producer.end() || uses.readers[in] != 1 || drop[p->second]) continue;
            GraphNode& conv = nodes[p->second];
            if (!isConvLike(conv, constants) || conv.outputs.size() != 1 || conv.outputs[0] != in) continue;
            if (foldAffine(op, conv, constants)) {
                uses.producer[op.outputs[0]] = p->second; // a following Mul/Add may fold too
                drop[k] = true;
                break;
            }
        }
    }
    nodes = without(nodes, drop);
}

void recognizeHardSwish(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                        const std::vector<GraphValue>& outputs, int opset) {
    Uses uses(nodes, outputs);
    const auto single = [&](const std::string& name, const char* op) -> GraphNode* {
        const auto p = uses.producer.find(name);
        if (p == uses.producer.end() || uses.readers[name] != 1 || nodes[p->second].op != op) return nullptr;
        return &nodes[p->second];
    };
    const auto index = [&](const GraphNode* n) { return size_t(n - nodes.data()); };
    std::vector<bool> drop(nodes.size(), false);
    for (auto& div : nodes) {
        // Div(Mul(a, Clip(Add(a, 3), 0, 6)), 6) as paddle2onnx writes hard_swish.
        if (div.op != "Div" || div.inputs.size() != 2 || div.outputs.size() != 1 || scalar(constants, div.inputs[1]) != 6.f)
            continue;
        GraphNode* mul = single(div.inputs[0], "Mul");
        if (!mul || mul->inputs.size() != 2) continue;
        for (int side = 0; side < 2; ++side) {
            const std::string& a = mul->inputs[size_t(side)];
            GraphNode* clip = single(mul->inputs[size_t(1 - side)], "Clip");
            if (!clip || clip->inputs.empty() || clipBound(*clip, constants, opset, 1, "min", -FLT_MAX) != 0.f ||
                clipBound(*clip, constants, opset, 2, "max", FLT_MAX) != 6.f)
                continue;
            GraphNode* add = single(clip->inputs[0], "Add");
            const std::string* three = add ? otherInput(*add, a) : nullptr;
            if (!three || scalar(constants, *three) != 3.f) continue;
            drop[index(mul)] = drop[index(clip)] = drop[index(add)] = true;
            div.op = "HardSwish";
            div.inputs = {a};
            div.attrs.clear();
            break;
        }
    }
    nodes = without(nodes, drop);
}

void optimizeGraph(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                   const std::vector<GraphValue>& outputs, int opset) {
    // Twice: a BN may follow a bias Add (paddle2onnx's ConvTranspose + Add + BN), and an affine
    // Mul/Add may follow a BN.
    for (int pass = 0; pass < 2; ++pass) {
        foldConvBatchNorm(nodes, constants, outputs);
        foldConvAffine(nodes, constants, outputs);
    }
    recognizeHardSwish(nodes, constants, outputs, opset);
    fuseActivations(nodes, constants, outputs, opset);
    fuseScalarAffine(nodes, constants, outputs);
}

void fuseScalarAffine(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                      const std::vector<GraphValue>& outputs) {
    Uses uses(nodes, outputs);
    std::vector<bool> drop(nodes.size(), false);
    for (size_t k = 0; k < nodes.size(); ++k) {
        const GraphNode& op = nodes[k];
        if ((op.op != "Mul" && op.op != "Add" && op.op != "Sub" && op.op != "Div") || op.inputs.size() != 2 ||
            op.outputs.size() != 1)
            continue;
        for (size_t side = 0; side < 2; ++side) {
            const std::string& in = op.inputs[side];
            const auto p = uses.producer.find(in);
            const auto v = scalar(constants, op.inputs[1 - side]);
            if (!v || p == uses.producer.end() || uses.readers[in] != 1 || drop[p->second]) continue;
            GraphNode& prod = nodes[p->second];
            if (!takesPostOps(prod, constants) || prod.outputs.size() != 1 || prod.outputs[0] != in) continue;
            if ((op.op == "Div" && (side != 0 || *v == 0.f))) continue; // c / y is no linear map
            auto& lin = prod.attrs[kFusedLinear];
            if (lin.kind != Attribute::Kind::Floats) {
                lin.kind = Attribute::Kind::Floats;
                lin.floats = {1.f, 0.f};
            }
            float &a = lin.floats[0], &b = lin.floats[1];
            if (op.op == "Mul") a *= *v, b *= *v;
            else if (op.op == "Div") a /= *v, b /= *v;
            else if (op.op == "Add") b += *v;
            else if (side == 0) b -= *v; // y - c
            else a = -a, b = *v - b;     // c - y
            prod.outputs[0] = op.outputs[0];
            uses.producer[op.outputs[0]] = p->second; // a following scalar op may fuse too
            drop[k] = true;
            break;
        }
    }
    nodes = without(nodes, drop);
}

void fuseActivations(std::vector<GraphNode>& nodes, const std::map<std::string, Tensor>& constants,
                     const std::vector<GraphValue>& outputs, int opset) {
    Uses uses(nodes, outputs);
    std::vector<bool> drop(nodes.size(), false);
    for (size_t k = 0; k < nodes.size(); ++k) {
        const GraphNode& act = nodes[k];
        const auto params = activationParams(act, constants, opset);
        if (!params || act.inputs[0].empty()) continue;
        const auto p = uses.producer.find(act.inputs[0]);
        if (p == uses.producer.end() || uses.readers[act.inputs[0]] != 1) continue;
        GraphNode& prod = nodes[p->second];
        if (!takesPostOps(prod, constants) || prod.outputs.size() != 1 || prod.attrs.count(kFusedActivation)) continue;
        Attribute opName;
        opName.kind = Attribute::Kind::String;
        opName.s = act.op;
        Attribute values;
        values.kind = Attribute::Kind::Floats;
        values.floats = *params;
        prod.attrs[kFusedActivation] = opName;
        prod.attrs[kFusedActivationParams] = values;
        prod.outputs[0] = act.outputs[0];
        drop[k] = true;
    }
    nodes = without(nodes, drop);
}

void foldConvBatchNorm(std::vector<GraphNode>& nodes, std::map<std::string, Tensor>& constants,
                       const std::vector<GraphValue>& outputs) {
    Uses uses(nodes, outputs);
    auto& readers = uses.readers;
    const auto& producer = uses.producer;

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
        if (!isConvLike(conv, constants) || conv.outputs.size() != 1 || conv.inputs.size() < 2) continue;
        const Tensor* w = constantF32(constants, conv.inputs[1]);
        const Tensor* b = conv.inputs.size() > 2 && !conv.inputs[2].empty() ? constantF32(constants, conv.inputs[2]) : nullptr;
        if (!w || w->rank() < 3 || (conv.inputs.size() > 2 && !conv.inputs[2].empty() && !b)) continue;
        const int64_t M = outputChannels(conv, *w);
        const Shape cs{M};
        const Tensor *gamma = constantF32(constants, bn.inputs[1]), *beta = constantF32(constants, bn.inputs[2]),
                     *mean = constantF32(constants, bn.inputs[3]), *var = constantF32(constants, bn.inputs[4]);
        if (!gamma || !beta || !mean || !var || gamma->shape != cs || beta->shape != cs || mean->shape != cs ||
            var->shape != cs || (b && b->shape != cs))
            continue;
        const float eps = attrFloat(bn, "epsilon", 1e-5f);
        Tensor w2 = *w, b2(DType::F32, cs);
        std::vector<float> scales(static_cast<size_t>(M));
        for (int64_t m = 0; m < M; ++m) {
            const float s = scales[size_t(m)] = gamma->f[size_t(m)] / std::sqrt(var->f[size_t(m)] + eps);
            b2.f[size_t(m)] = ((b ? b->f[size_t(m)] : 0.f) - mean->f[size_t(m)]) * s + beta->f[size_t(m)];
        }
        scaleOutputChannels(conv, w2, scales);
        // Names no ONNX value can hold ('#' is not produced by exporters), unique per node.
        recordFold(conv, M, &scales);
        const std::string wName = conv.outputs[0] + "#bn_folded_weights", bName = conv.outputs[0] + "#bn_folded_bias";
        constants[wName] = std::move(w2);
        constants[bName] = std::move(b2);
        conv.inputs.resize(3);
        conv.inputs[1] = wName;
        conv.inputs[2] = bName;
        conv.outputs[0] = bn.outputs[0];
        drop[k] = true;
    }
    nodes = without(nodes, drop);
}

} // namespace qb::engine
