#include "core/quant/rtn.h"
#include "core/quant/effective_weight.h"
#include "core/quant/quantize_model.h"

#include "core/quant/methods.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "core/engine/weight_readers.h"
#include "core/quant/awq.h"
#include "core/quant/gptq.h"
#include "core/quant/smoothquant.h"
#include "core/quant/weight_matrix.h"
#include "core/tensor/mapped_file.h"
#include "core/util/error.h"

namespace qb::quant {

namespace {

bool dataAware(const std::string& method) {
    const Method* m = findMethod(method);
    return m && m->needsLayerInputs;
}

const LayerStats* statsOf(const Calibration& c, const std::string& name) {
    for (const LayerStats& l : c.layers)
        if (l.name == name) return &l;
    return nullptr;
}

// The calibration inputs lp's data-aware method runs on, or null when it takes RTN.
const LayerInputs* inputsOf(const LayerPlan& lp, const QuantizeSources& src) {
    if (!dataAware(lp.method) || !src.inputs) return nullptr;
    const auto it = src.inputs->find(lp.name);
    return it == src.inputs->end() ? nullptr : &it->second;
}

QuantizedLayer quantizeLayer(const LayerPlan& lp, const TensorEntry& t, const QuantizeSources& src,
                             const JobContext& job) {
    const LayerInputs* in = inputsOf(lp, src);
    const bool rtn = !in || (lp.method != "gptq" && lp.method != "awq" && lp.method != "smoothquant");
    QuantizedLayer q;
    if (rtn && readsByRows(t)) {
        // A part of the rows at a time, its pages of the mapped file released once decoded: a
        // 70B model's embedding is never whole in f32.
        const WeightMatrix shape = matrixShape(t);
        if (shape.rows != lp.rows || shape.cols != lp.cols) throw Error(lp.name, "the weight's shape differs from the plan");
        if (dataAware(lp.method) && !src.inputs)
            throw Error(lp.name, lp.method + " needs calibration inputs (give --data)");
        const auto read = [&](int64_t begin, int64_t end, std::span<float> out) {
            MappedFile::releasePages(readRows(t, begin, end, out));
        };
        q.weight = quantizeRtnRows(*lp.scheme, read, shape.rows, shape.cols, lp.name);
    } else {
        const WeightMatrix w = weightMatrix(t);
        MappedFile::releasePages(t.data); // decoded: the file's pages of it are not needed again
        if (w.rows != lp.rows || w.cols != lp.cols) throw Error(lp.name, "the weight's shape differs from the plan");
        if (in && lp.method == "gptq") {
            q.weight = quantizeGptq(*lp.scheme, w.values, w.rows, w.cols, *in, lp.name,
                                    {.dampening = lp.damp, .actOrder = lp.actOrder}, job);
        } else if (in && lp.method == "awq") {
            q = quantizeAwq(*lp.scheme, w.values, w.rows, w.cols, *in, lp.name, {}, job);
        } else if (in && lp.method == "smoothquant") {
            q = quantizeSmoothQuant(*lp.scheme, w.values, w.rows, w.cols, *in, lp.name,
                                    {.alpha = lp.alpha, .actBits = lp.actBits ? lp.actBits : 8});
        } else {
            if (dataAware(lp.method) && !src.inputs)
                throw Error(lp.name, lp.method + " needs calibration inputs (give --data)");
            q.weight = quantizeRtn(*lp.scheme, w.values, w.rows, w.cols, lp.name);
        }
    }
    q.name = lp.name;
    q.method = in || !dataAware(lp.method) ? lp.method : std::string(defaultMethod().name);
    return q;
}

} // namespace

bool needsLayerInputs(std::span<const LayerPlan> plan) {
    return std::any_of(plan.begin(), plan.end(), [](const LayerPlan& l) { return dataAware(l.method); });
}

bool needsActivationRanges(std::span<const LayerPlan> plan) {
    return std::any_of(plan.begin(), plan.end(),
                       [](const LayerPlan& l) {
                           // A method that quantizes its inputs itself finds their range on its own inputs.
                           const Method* m = findMethod(l.method);
                           return l.actBits > 0 && !(m && m->quantizesInputs);
                       });
}

bool takesQuantizedInput(const Model& model, const TensorEntry& t) {
    if (model.format == "keras_h5") return t.kind == "Conv2D" || t.kind == "DepthwiseConv2D" || t.kind == "Dense";
    if (model.format != "onnx") return true;
    const GraphNode* n = engine::weightReader(model.nodes, t.name);
    // A ConvTranspose's patch form is judged on the stored weight's shape, so only one it takes directly.
    return n && engine::int8Capable(*n, n->inputs[1] == t.name ? engine::Shape(t.shape.begin(), t.shape.end()) : engine::Shape{});
}

ActivationQuant activationFromRange(double lo, double hi, int bits) {
    ActivationQuant a;
    a.bits = bits;
    if (lo < 0) {
        const double top = double((1 << (bits - 1)) - 1);
        const double amax = std::max(-lo, hi);
        a.scale = amax > 0 ? float(amax / top) : 1.f;
    } else {
        const double top = double((1 << bits) - 1);
        a.isUnsigned = true;
        a.scale = hi > 0 ? float(hi / top) : 1.f;
    }
    return a;
}

namespace {

// Plan entry lp as layer k of n: reports "layer k/n: METHOD" (the method's own progress under
// it), checks cancel; nullopt for a layer kept in f32.
std::optional<QuantizedLayer> quantizePlanned(const Model& model, const LayerPlan& lp, const QuantizeSources& src, size_t k,
                                              size_t n, const JobContext& job) {
    job.checkCancel();
    if (src.known)
        if (auto q = src.known(lp)) return q;
    const std::string stage = "layer " + std::to_string(k + 1) + "/" + std::to_string(n) + ": " + methodLabel(lp.method);
    job.report(double(k) / double(n), stage);
    JobContext layerJob;
    layerJob.cancel = job.cancel;
    if (job.progress)
        layerJob.progress = [&](double f, std::string_view inner) {
            job.report((double(k) + std::clamp(f, 0.0, 1.0)) / double(n), stage + " (" + std::string(inner) + ")");
        };
    if (lp.scheme->kind == SchemeKind::Float && lp.scheme->storage == DType::F32) return std::nullopt; // kept as is
    const TensorEntry* t = model.find(lp.name);
    if (!t) throw Error(lp.name, "the plan names a layer the model does not have");
    QuantizedLayer q = quantizeLayer(lp, *t, src, layerJob);
    // A layer whose input the runtime cannot quantize stays weight-only (a ConvTranspose whose
    // patches overlap, an embedding).
    if (lp.actBits > 0 && !q.activation && takesQuantizedInput(model, *t)) {
        if (!src.calibration || src.calibration->layers.empty())
            throw Error(lp.name, "act_bits needs the calibrated activation range of this layer (give --data)");
        // A calibration observes the input of every weight a matmul or conv reads; a weight it has
        // no entry for has no input activation to quantize (a token embedding is a lookup).
        if (const LayerStats* s = statsOf(*src.calibration, lp.name)) {
            // The MSE clip at the calibration's bit-width: robust to a few outliers.
            const ClipResult& c = s->activation.clips[size_t(ClipMethod::Mse)];
            q.activation = activationFromRange(c.lo, c.hi, lp.actBits);
        }
    }
    return q;
}

// The Transformer's pointer for a tapped role of a decoder block.
const float** weightOfRole(LayerWeights& w, const std::string& role) {
    if (role == "attn_q") return &w.wq;
    if (role == "attn_k") return &w.wk;
    if (role == "attn_v") return &w.wv;
    if (role == "attn_output") return &w.wo;
    if (role == "ffn_gate") return &w.gate;
    if (role == "ffn_up") return &w.up;
    if (role == "ffn_down") return &w.down;
    return nullptr;
}

} // namespace

void quantizeModel(const Model& model, std::span<const LayerPlan> plan, const QuantizeSources& src,
                   const LayerSink& sink, const JobContext& job) {
    for (size_t k = 0; k < plan.size(); ++k)
        if (auto q = quantizePlanned(model, plan[k], src, k, plan.size(), job)) sink(std::move(*q));
    job.checkCancel(); // a cancel during the last layer ends the job as cancelled too
    job.report(1.0, "quantized " + std::to_string(plan.size()) + " layers");
}

std::vector<QuantizedLayer> quantizeModel(const Model& model, std::span<const LayerPlan> plan,
                                          const QuantizeSources& src, const JobContext& job) {
    std::vector<QuantizedLayer> out;
    quantizeModel(model, plan, src, [&](QuantizedLayer&& q) { out.push_back(std::move(q)); }, job);
    return out;
}

void quantizeLlmSequential(const Model& model, std::span<const LayerPlan> plan, const Calibration* calibration,
                           LlmBlockInputs& inputs, const LayerSink& sink, const JobContext& job,
                           const KnownLayer& known) {
    const int64_t blocks = inputs.blocks();
    // Each plan entry's tap; a weight no matmul reads (an untied embedding) has none.
    std::vector<const LlmTap*> tapOf(plan.size(), nullptr);
    for (size_t k = 0; k < plan.size(); ++k)
        for (const LlmTap& t : inputs.taps())
            if (t.weight->name == plan[k].name) tapOf[k] = &t;
    const auto blockOf = [&](size_t k) { return !tapOf[k] ? int64_t(-1) : tapOf[k]->layer < 0 ? blocks : tapOf[k]->layer; };

    size_t step = 0;
    const auto run = [&](size_t k, const std::map<std::string, LayerInputs>& in) {
        return quantizePlanned(model, plan[k], {calibration, &in, known}, step++, plan.size(), job);
    };
    JobContext quiet; // one line per block, not per window
    quiet.cancel = job.cancel;
    const std::map<std::string, LayerInputs> none;
    for (size_t k = 0; k < plan.size(); ++k)
        if (blockOf(k) < 0)
            if (auto q = run(k, none)) sink(std::move(*q));
    for (int64_t b = 0; b <= blocks; ++b) {
        std::vector<size_t> mine;
        for (size_t k = 0; k < plan.size(); ++k)
            if (blockOf(k) == b) mine.push_back(k);
        // The block's layers held until the next block's inputs have gone through them; those
        // known already need no inputs.
        std::vector<std::pair<size_t, QuantizedLayer>> done;
        std::vector<size_t> todo;
        for (const size_t k : mine) {
            job.checkCancel();
            if (auto q = known ? known(plan[k]) : std::nullopt) {
                done.emplace_back(k, std::move(*q));
                ++step;
            } else {
                todo.push_back(k);
            }
        }
        const bool needsInputs = std::any_of(todo.begin(), todo.end(), [&](size_t k) { return dataAware(plan[k].method); });
        std::map<std::string, LayerInputs> in;
        if (needsInputs) {
            job.report(double(step) / double(plan.size()),
                       b < blocks ? "block " + std::to_string(b + 1) + "/" + std::to_string(blocks) + ": collecting its inputs"
                                  : "output head: collecting its inputs");
            in = inputs.collect(b, quiet);
        }
        for (const size_t k : todo)
            if (auto q = run(k, in)) done.emplace_back(k, std::move(*q));
        in.clear();
        // Handed on in plan order whichever came from `known`, so a resumed run writes the same file.
        std::sort(done.begin(), done.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        if (b < blocks) {
            // The next block sees this one's quantized weights (inputs scaled back: W' / s).
            LayerWeights w = inputs.modelWeights(b);
            std::vector<std::vector<float>> effective;
            effective.reserve(done.size());
            for (const auto& [k, q] : done)
                if (const float** slot = weightOfRole(w, tapOf[k]->role)) *slot = effective.emplace_back(effectiveWeight(q)).data();
            inputs.advance(b, w, quiet);
        }
        for (auto& [k, q] : done) sink(std::move(q));
    }
    job.checkCancel(); // a cancel during the last layer ends the job as cancelled too
    job.report(1.0, "quantized " + std::to_string(plan.size()) + " layers");
}

std::vector<QuantizedLayer> quantizeLlmSequential(const Model& model, std::span<const LayerPlan> plan,
                                                  const Calibration* calibration, LlmBlockInputs& inputs,
                                                  const JobContext& job) {
    std::map<std::string, size_t> order;
    for (size_t k = 0; k < plan.size(); ++k) order.emplace(plan[k].name, k);
    std::vector<std::pair<size_t, QuantizedLayer>> got;
    quantizeLlmSequential(model, plan, calibration, inputs,
                          [&](QuantizedLayer&& q) { got.emplace_back(order.at(q.name), std::move(q)); }, job);
    std::sort(got.begin(), got.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<QuantizedLayer> out;
    out.reserve(got.size());
    for (auto& [k, q] : got) out.push_back(std::move(q));
    return out;
}

PlanSize planSize(std::span<const LayerPlan> plan) {
    PlanSize p;
    for (const LayerPlan& l : plan) {
        const auto bytes = sizeBytes(*l.scheme, l.rows, l.cols);
        if (!bytes) throw Error(l.name, "size in scheme " + l.scheme->name + " does not fit the layout");
        if (__builtin_add_overflow(p.bytes, *bytes, &p.bytes) ||
            __builtin_add_overflow(p.weights, uint64_t(l.rows) * uint64_t(l.cols), &p.weights))
            throw Error(l.name, "the model's size overflows");
    }
    return p;
}

PlanSize quantizedSize(std::span<const QuantizedLayer> layers) {
    PlanSize p;
    for (const QuantizedLayer& l : layers) {
        const QuantizedTensor& w = l.weight;
        p.bytes += w.scheme ? sizeBytes(*w.scheme, w.rows, w.cols).value_or(0) : 0;
        p.weights += uint64_t(w.rows) * uint64_t(w.cols);
    }
    return p;
}

} // namespace qb::quant
