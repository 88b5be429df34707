#include "core/engine/graph_executor.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "core/engine/blocked_layout.h"
#include "core/engine/graph_fusion.h"
#include "core/engine/keras_graph.h"
#include "core/engine/op_kernel.h"
#include "core/engine/weight_readers.h"
#include "core/util/error.h"

namespace qb::engine {

struct Executor::Plan {
    std::deque<Tensor> arena; // stable addresses: kernels and primitives point into it
    struct Step {
        NodeContext ctx;
        std::unique_ptr<Kernel> kernel;
        size_t node = 0; // index into nodes_
    };
    std::vector<Step> steps;
    std::vector<Tensor*> inputs;
    std::vector<const Tensor*> outputs;
    BlockedValues blocked;
};

namespace {

// Weights and other constants become f32 (float types) or i64 (integer and bool types).
Tensor constantTensor(const std::string& path, const TensorEntry& e) {
    Tensor t;
    const auto& tr = traits(e.dtype);
    Shape shape(e.shape.begin(), e.shape.end());
    try {
        if (tr.isFloat) {
            t.allocate(DType::F32, shape, Init::Unset);
            toFloat(e, t.f);
            return t;
        }
        t.allocate(DType::I64, shape, Init::Unset);
    } catch (const std::length_error& err) {
        throw Error(path, "tensor '" + e.name + "': " + err.what());
    }
    const auto n = size_t(t.numel());
    const auto need = storageBytes(e.dtype, n);
    if (!need || *need != e.data.size())
        throw Error(path, "tensor '" + e.name + "': holds " + std::to_string(e.data.size()) + " bytes, its shape needs " +
                              (need ? std::to_string(*need) : std::string("more")));
    const auto* p = e.data.data();
    const auto read = [&](auto tag, size_t k) {
        decltype(tag) v;
        std::memcpy(&v, p + k * sizeof(v), sizeof(v));
        return v;
    };
    for (size_t k = 0; k < n; ++k) {
        switch (e.dtype) {
        case DType::I8: t.i[k] = read(int8_t{}, k); break;
        case DType::U8: t.i[k] = read(uint8_t{}, k); break;
        case DType::Bool: t.i[k] = read(uint8_t{}, k) != 0; break;
        case DType::I16: t.i[k] = read(int16_t{}, k); break;
        case DType::U16: t.i[k] = read(uint16_t{}, k); break;
        case DType::I32: t.i[k] = read(int32_t{}, k); break;
        case DType::U32: t.i[k] = read(uint32_t{}, k); break;
        case DType::I64: t.i[k] = read(int64_t{}, k); break;
        case DType::U64: t.i[k] = int64_t(read(uint64_t{}, k)); break;
        default: throw Error(path, "tensor '" + e.name + "': type " + std::string(dtypeName(e.dtype)) + " cannot be computed with");
        }
    }
    return t;
}

int defaultOpset(const Model& m) {
    for (const auto& [k, v] : m.properties)
        if (k == "opset") {
            try {
                return std::stoi(v);
            } catch (const std::exception&) {
                return 0;
            }
        }
    return 0;
}

// The ONNX model's graph with every initializer and Constant-node value decoded.
Graph onnxGraph(const Model& model) {
    Graph g{model.path, defaultOpset(model), model.nodes, {}, model.graphInputs, model.graphOutputs, {}};
    for (const auto& n : g.nodes) // report an unsupported op before decoding any weight
        if (!makeKernel(n.op))
            throw Error(g.path, "node '" + n.name + "' (" + n.op + "): operator not supported by the engine");
    std::unordered_map<std::string, const TensorEntry*> byName;
    for (const auto& t : model.tensors) byName.emplace(t.name, &t);
    auto add = [&](const std::string& name) {
        const auto it = byName.find(name);
        if (it != byName.end() && !g.constants.count(name)) g.constants.emplace(name, constantTensor(g.path, *it->second));
    };
    for (const auto& n : g.nodes) {
        for (const auto& in : n.inputs) add(in);
        if (n.op == "Constant" && !n.outputs.empty()) add(n.outputs[0]);
    }
    for (const auto& o : g.outputs) add(o.name);
    return g;
}

Graph graphOf(const Model& model) {
    if (model.format == "onnx") return onnxGraph(model);
    if (model.format == "keras_h5") return kerasGraph(model);
    throw Error(model.path, "the graph engine runs ONNX and Keras models, not " + model.format);
}

} // namespace

Executor::Executor(const Model& model, Int8Options int8) : Executor(graphOf(model), std::move(int8)) {}

Executor::Executor(Graph graph, Int8Options int8)
    : path_(std::move(graph.path)), opset_(graph.opset), nodes_(std::move(graph.nodes)), inputs_(std::move(graph.inputs)),
      outputs_(std::move(graph.outputs)), constants_(std::move(graph.constants)), int8Layers_(std::move(int8.layers)) {
    for (const auto& n : nodes_)
        if (!makeKernel(n.op))
            throw Error(path_, "node '" + n.name + "' (" + n.op + "): operator not supported by the engine");
    optimizeGraph(nodes_, constants_, outputs_, opset_);
    if (int8Layers_.empty()) return;

    std::map<std::string, size_t> byWeight;
    for (const auto& [k, weight] : weightReaders())
        if (int8Capable(k)) byWeight.emplace(weight, k);
    const int maxCode = maxActivationCode(int8.range);
    const bool vnni = int8Isa().vnni;
    for (const auto& l : int8Layers_) {
        const auto fail = [&](const std::string& what) { return Error(path_, "tensor '" + l.name + "': " + what); };
        const auto it = byWeight.find(l.name);
        if (it == byWeight.end())
            throw fail("no Conv, Gemm, MatMul or patch ConvTranspose takes it as weights, so it cannot run in int8");
        if (int8_.count(it->second)) throw fail("has two int8 layers");
        if (!l.weight.scheme || l.weight.scheme->name != "int8_channel_sym")
            throw fail("int8 execution needs scheme int8_channel_sym, not " +
                       std::string(l.weight.scheme ? l.weight.scheme->name : "none"));
        if (!l.activation) throw fail("int8 execution needs the range of its input activation");
        if (!l.inputScale.empty()) throw fail("int8 execution does not take input scales");
        Int8Layer& e = int8_[it->second];
        e.layer = &l;
        e.grid = activationGrid(*l.activation, maxCode, l.name);
        const GraphNode& n = nodes_[it->second];
        e.signedCodes = e.grid.maxCode >= 255 && e.grid.zero == 128 && vnni;
        if (const auto s = n.attrs.find(kWeightChannelScale); s != n.attrs.end()) e.channelScale = s->second.floats;
    }
    if (int8.chain) chainInt8Convs();
}

std::map<size_t, std::string> Executor::weightReaders() const {
    // Folds renamed the weights of some Convs; they recorded the model's name (graph_fusion.h).
    std::map<std::string, const GraphNode*> producer;
    for (const auto& n : nodes_)
        for (const auto& out : n.outputs) producer[out] = &n;
    std::map<size_t, std::string> out;
    for (size_t k = 0; k < nodes_.size(); ++k) {
        const GraphNode& n = nodes_[k];
        if (!isMatrixOp(n.op) || n.inputs.size() < 2) continue;
        const auto src = n.attrs.find(kWeightSource);
        out.emplace(k, src != n.attrs.end() ? src->second.s : layoutSource(n.inputs[1], producer));
    }
    return out;
}

bool Executor::int8Capable(size_t node) const {
    const GraphNode& n = nodes_.at(node);
    const auto w = n.inputs.size() >= 2 ? constants_.find(n.inputs[1]) : constants_.end();
    return engine::int8Capable(n, w != constants_.end() ? w->second.shape : Shape{});
}

size_t Executor::chainedInt8Layers() const {
    return size_t(std::count_if(int8_.begin(), int8_.end(), [](const auto& e) { return e.second.outputGrid.has_value(); }));
}

size_t Executor::codeNodes() const {
    return size_t(std::count_if(nodes_.begin(), nodes_.end(), [](const GraphNode& n) { return n.attrs.count(kCodesScale) > 0; }));
}

void Executor::chainInt8Convs() {
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> readers; // value -> (node, input slot)
    for (size_t k = 0; k < nodes_.size(); ++k)
        for (size_t i = 0; i < nodes_[k].inputs.size(); ++i)
            if (!nodes_[k].inputs[i].empty()) readers[nodes_[k].inputs[i]].emplace_back(k, i);
    std::map<std::string, size_t> producer;
    for (size_t k = 0; k < nodes_.size(); ++k)
        for (const auto& out : nodes_[k].outputs) producer[out] = k;
    const auto isGraphOutput = [&](const std::string& v) {
        return std::any_of(outputs_.begin(), outputs_.end(), [&](const GraphValue& o) { return o.name == v; });
    };
    // The one input grid every reader of `value` shares, if all are int8 Convs reading it as their
    // input; null otherwise.
    const auto sharedGrid = [&](const std::string& value) -> const Int8Layer* {
        const auto r = readers.find(value);
        if (r == readers.end() || isGraphOutput(value)) return nullptr;
        const Int8Layer* first = nullptr;
        for (const auto& [reader, slot] : r->second) {
            const auto q = int8_.find(reader);
            if (slot != 0 || q == int8_.end() || (nodes_[reader].op != "Conv" && nodes_[reader].op != "ConvTranspose"))
                return nullptr;
            const Int8Layer& l = q->second;
            if (first && (first->grid.scale != l.grid.scale || first->grid.zero != l.grid.zero ||
                          first->grid.maxCode != l.grid.maxCode || first->signedCodes != l.signedCodes))
                return nullptr;
            first = &l;
        }
        return first;
    };
    // An int8 Conv (or patch ConvTranspose) that can write codes: one f32 output, the full 8-bit range.
    const auto canWriteCodes = [&](size_t k) {
        const auto q = int8_.find(k);
        return q != int8_.end() && (nodes_[k].op == "Conv" || nodes_[k].op == "ConvTranspose") &&
               nodes_[k].outputs.size() == 1 && q->second.grid.maxCode >= 255;
    };
    // The node's output is (or may be written as) the codes of `reader`'s input grid (kCodes*).
    const auto markCodes = [](GraphNode& n, const Int8Layer& reader) {
        Attribute scale, zero, isSigned;
        scale.kind = Attribute::Kind::Float;
        scale.f = reader.grid.scale;
        zero.kind = isSigned.kind = Attribute::Kind::Int;
        zero.i = reader.signedCodes ? 0 : reader.grid.zero;
        isSigned.i = reader.signedCodes ? 1 : 0;
        n.attrs[kCodesScale] = scale;
        n.attrs[kCodesZero] = zero;
        n.attrs[kCodesSigned] = isSigned;
    };
    const auto chain = [](Int8Layer& l, const Int8Layer& reader) {
        l.outputGrid = reader.grid;
        l.outputSigned = reader.signedCodes;
    };
    for (auto& [k, layer] : int8_)
        if (canWriteCodes(k))
            if (const Int8Layer* r = sharedGrid(nodes_[k].outputs[0])) chain(layer, *r);
    // A Concat of int8 Convs only it reads (squeezenet's fire modules), read by int8 Convs of one
    // grid: the Convs write the readers' codes and the Concat joins codes (kCodes*).
    for (GraphNode& n : nodes_) {
        if (n.op != "Concat" || n.outputs.size() != 1) continue;
        const Int8Layer* r = sharedGrid(n.outputs[0]);
        if (!r) continue;
        std::vector<size_t> parts;
        for (const auto& in : n.inputs) {
            const auto p = producer.find(in);
            const auto rd = readers.find(in);
            if (p == producer.end() || !canWriteCodes(p->second) || isGraphOutput(in) || rd->second.size() != 1) {
                parts.clear();
                break;
            }
            parts.push_back(p->second);
        }
        if (parts.empty()) continue;
        for (const size_t p : parts) chain(int8_.at(p), *r);
        markCodes(n, *r);
    }
    // A Mul or Add read only by int8 Convs of one grid (the SE blocks' channel scaling, residual
    // sums) writes their codes, saving the f32 store and the readers' quantizing pass.
    for (GraphNode& n : nodes_)
        if ((n.op == "Mul" || n.op == "Add") && n.outputs.size() == 1)
            if (const Int8Layer* r = sharedGrid(n.outputs[0]); r && r->grid.maxCode >= 255) markCodes(n, *r);
}

Executor::~Executor() = default;

Executor::Plan& Executor::planFor(const std::vector<Tensor>& inputs) {
    if (inputs.size() != inputs_.size())
        throw Error(path_, "the graph takes " + std::to_string(inputs_.size()) + " inputs, " + std::to_string(inputs.size()) +
                               " were given");
    std::vector<std::pair<DType, Shape>> key;
    for (const auto& t : inputs) key.emplace_back(t.dtype, t.shape);
    if (const auto it = plans_.find(key); it != plans_.end()) return *it->second;
    if (plans_.size() >= 8) plans_.clear(); // eval uses two shapes (full and last batch)

    auto plan = std::make_unique<Plan>();
    std::unordered_map<std::string, std::pair<Tensor*, bool>> values; // name -> (tensor, constant)
    for (size_t k = 0; k < inputs.size(); ++k) {
        if (inputs[k].dtype != DType::F32 && inputs[k].dtype != DType::I64)
            throw Error(path_, "input '" + inputs_[k].name + "': only f32 and i64 inputs are supported");
        Tensor& t = plan->arena.emplace_back();
        try {
            t.allocate(inputs[k].dtype, inputs[k].shape, Init::Unset); // run() copies each input in
        } catch (const std::length_error& e) {
            throw Error(path_, "input '" + inputs_[k].name + "': " + e.what());
        }
        plan->inputs.push_back(&t);
        values[inputs_[k].name] = {&t, false};
    }
    for (auto& [name, t] : constants_) values.emplace(name, std::pair{&t, true});

    for (size_t index = 0; index < nodes_.size(); ++index) {
        const GraphNode& node = nodes_[index];
        if (node.op == "Constant" && !node.outputs.empty() && constants_.count(node.outputs[0])) continue;
        NodeContext ctx;
        ctx.node = &node;
        const auto int8 = int8_.find(index);
        if (int8 != int8_.end()) ctx.int8 = &int8->second;
        ctx.modelPath = path_;
        ctx.opset = opset_;
        ctx.blocked = &plan->blocked;
        bool allConstant = true;
        for (const auto& name : node.inputs) {
            if (name.empty()) {
                ctx.in.push_back(nullptr);
                ctx.constant.push_back(false);
                continue;
            }
            const auto it = values.find(name);
            if (it == values.end()) throw ctx.fail("input '" + name + "' is not produced by any earlier node");
            ctx.in.push_back(it->second.first);
            ctx.constant.push_back(it->second.second);
            allConstant = allConstant && it->second.second;
        }
        for (const auto& name : node.outputs) {
            ctx.out.push_back(&plan->arena.emplace_back());
            ctx.outUsed.push_back(!name.empty());
        }
        auto kernel = ctx.int8 ? makeInt8Kernel(node.op) : makeKernel(node.op);
        bool done = false;
        try {
            done = kernel->prepare(ctx);
            if (!done && allConstant) { // fold: shape arithmetic, weight transposes...
                kernel->run(ctx);
                done = true;
            }
        } catch (const std::length_error& e) {
            throw ctx.fail(e.what());
        } catch (const dnnl::error& e) {
            throw ctx.fail(std::string("oneDNN: ") + e.what());
        }
        for (size_t k = 0; k < node.outputs.size(); ++k)
            if (!node.outputs[k].empty()) values[node.outputs[k]] = {ctx.out[k], done};
        if (done)
            for (const Tensor* t : ctx.out) plan->blocked.byTensor.erase(t);
        else
            plan->steps.push_back({std::move(ctx), std::move(kernel), index});
    }
    for (const auto& o : outputs_) {
        const auto it = values.find(o.name);
        if (it == values.end()) throw Error(path_, "graph output '" + o.name + "' is not produced by any node");
        plan->outputs.push_back(it->second.first);
    }
    std::unordered_map<const Tensor*, int> readers;
    for (const auto& s : plan->steps)
        for (const Tensor* t : s.ctx.in) ++readers[t];
    for (const Tensor* t : plan->outputs) ++readers[t];
    for (auto& [t, e] : plan->blocked.byTensor) e.plainNeeded = readers[t] > e.claims;
    return *plans_.emplace(std::move(key), std::move(plan)).first->second;
}

namespace {

void runProfiled(NodeContext& ctx, Kernel& kernel, NodeProfile& p) {
    if (p.runs == 0) {
        const GraphNode& n = *ctx.node;
        const KernelInfo k = kernel.info();
        p.node = n.name;
        p.op = n.op;
        p.impl = k.impl;
        p.src = k.src;
        p.weights = k.weights;
        p.dst = k.dst;
        p.reorders = k.reorders;
        p.int8 = ctx.int8 != nullptr;
        if (ctx.hasInput(0)) p.input = ctx.in[0]->shape;
        if (!ctx.out.empty()) p.output = ctx.out[0]->shape;
        const int64_t group = n.op == "Conv" ? ctx.attrInt("group", 1) : 1;
        p.depthwise = group > 1 && p.input.size() > 1 && p.input[1] == group;
    }
    struct Timing { // unset even when the kernel throws: the profile may be cleared later
        NodeContext& ctx;
        ~Timing() { ctx.primitiveSeconds = nullptr; }
    } timing{ctx};
    ctx.primitiveSeconds = &p.primitiveSeconds;
    const auto t0 = std::chrono::steady_clock::now();
    kernel.run(ctx);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    p.seconds += seconds;
    p.bestSeconds = p.runs == 0 ? seconds : std::min(p.bestSeconds, seconds);
    ++p.runs;
}

} // namespace

void Executor::setProfiling(bool on) {
    profiling_ = on;
    profile_.assign(on ? nodes_.size() : 0, NodeProfile{});
}

std::vector<NodeProfile> Executor::profile() const {
    std::vector<NodeProfile> r;
    for (size_t k = 0; k < profile_.size(); ++k)
        if (profile_[k].runs > 0) {
            r.push_back(profile_[k]);
            r.back().index = k;
        }
    return r;
}

std::vector<Tensor> Executor::run(const std::vector<Tensor>& inputs, const NodeObserver& observe) {
    Plan& plan = planFor(inputs);
    plan.blocked.observing = bool(observe);
    for (size_t k = 0; k < inputs.size(); ++k) {
        plan.inputs[k]->f = inputs[k].f;
        plan.inputs[k]->i = inputs[k].i;
    }
    for (auto& s : plan.steps) {
        if (observe) observe(*s.ctx.node, s.ctx.in);
        try {
            if (profiling_) runProfiled(s.ctx, *s.kernel, profile_[s.node]);
            else s.kernel->run(s.ctx);
        } catch (const dnnl::error& e) {
            throw s.ctx.fail(std::string("oneDNN: ") + e.what());
        }
    }
    std::vector<Tensor> out;
    for (const Tensor* t : plan.outputs) out.push_back(*t);
    return out;
}

} // namespace qb::engine
