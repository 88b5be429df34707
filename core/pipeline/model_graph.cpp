#include "core/pipeline/model_graph.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <span>

#include "core/datasets/image_dataset.h"
#include "core/engine/graph_executor.h"
#include "core/engine/input_geometry.h"
#include "core/engine/keras_graph.h"
#include "core/eval/classifier_eval.h"
#include "core/quant/apply_quantized.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

bool isKeras(const Model& m) { return m.format == "keras_h5"; }

// The value holding each model node's output in the engine's graph ("" when it has none).
std::vector<std::string> nodeValues(const Model& m) {
    std::vector<std::string> values(m.nodes.size());
    std::map<std::string, std::string> keras;
    if (isKeras(m)) keras = engine::kerasGraph(m).layerValues;
    for (size_t k = 0; k < m.nodes.size(); ++k) {
        const GraphNode& n = m.nodes[k];
        if (isKeras(m)) {
            if (const auto it = keras.find(n.name); it != keras.end()) values[k] = it->second;
        } else if (!n.outputs.empty()) {
            values[k] = n.outputs[0];
        }
    }
    return values;
}

// The quantizable weight a node reads: ONNX layer ops name it as an input, directly or through
// shape-only ops on constants (mnist-12 reshapes its MatMul weight); a Keras layer owns "<layer>/...".
std::string nodeWeight(const Model& m, const GraphNode& n) {
    if (isKeras(m)) {
        const std::string prefix = n.name + "/";
        for (const auto& t : m.tensors)
            if (t.quantizable && t.name.compare(0, prefix.size(), prefix) == 0) return t.name;
        return "";
    }
    static const std::set<std::string> layerOps{"Conv", "Gemm", "MatMul", "ConvTranspose"};
    static const std::set<std::string> shapeOnly{"Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "Cast", "Identity"};
    if (!layerOps.count(n.op)) return "";
    for (size_t slot = 1; slot < n.inputs.size(); ++slot) {
        std::string v = n.inputs[slot];
        for (size_t hops = 0; hops <= m.nodes.size() && !v.empty(); ++hops) {
            if (const TensorEntry* t = m.find(v)) {
                if (t->quantizable) return t->name;
                break;
            }
            const auto p = std::find_if(m.nodes.begin(), m.nodes.end(), [&](const GraphNode& g) {
                return std::find(g.outputs.begin(), g.outputs.end(), v) != g.outputs.end();
            });
            if (p == m.nodes.end() || !shapeOnly.count(p->op) || p->inputs.empty()) break;
            v = p->inputs[0];
        }
    }
    return "";
}

// What the runs saw: the values compared between fp32 and quantized, their shapes (one sample).
struct Tapped {
    std::set<std::string> values;
    std::map<std::string, engine::Shape> shapes;
    std::set<std::string> ran; // engine node names
};

std::vector<float> asFloats(const engine::Tensor& t) {
    if (t.dtype == DType::F32) return {t.f.begin(), t.f.end()};
    return std::vector<float>(t.i.begin(), t.i.end());
}

// The engine's view of the model: which nodes run int8, which produce which value.
struct EngineView {
    std::map<std::string, size_t> producer; // value -> engine node
    std::map<std::string, std::vector<size_t>> named; // model node name -> engine nodes
};

EngineView engineView(const Model& m, const engine::Executor& ex) {
    EngineView v;
    const auto& nodes = ex.nodes();
    for (size_t k = 0; k < nodes.size(); ++k) {
        for (const auto& out : nodes[k].outputs) v.producer.emplace(out, k);
        if (isKeras(m)) {
            // kerasGraph names a layer's ops "<layer>/<op>".
            const auto slash = nodes[k].name.find('/');
            if (slash != std::string::npos) v.named[nodes[k].name.substr(0, slash)].push_back(k);
        } else {
            v.named[nodes[k].name].push_back(k);
        }
    }
    return v;
}

// Fills precision (from the quantized engine; null: all fp32) and scheme and, when `tapped` is
// given, status, shape and measuredAt; sqnr is the caller's.
void describe(const Model& m, const ProjectQuantization* q, const engine::Executor* engine, const Tapped* tapped,
              ModelGraph& g) {
    const EngineView view = engine ? engineView(m, *engine) : EngineView{};
    const auto runsInt8 = [&](size_t node) { return engine && engine->runsInt8(node); };
    const std::vector<std::string> values = nodeValues(m);
    std::map<std::string, std::string> schemes;
    if (q)
        for (const auto& l : q->layers) schemes[l.name] = l.weight.scheme ? l.weight.scheme->name : l.method;
    const size_t n = m.nodes.size();
    g.nodes.assign(n, {});
    for (size_t k = 0; k < n; ++k) {
        GraphNodeInfo& info = g.nodes[k];
        const GraphNode& node = m.nodes[k];
        info.name = node.name;
        info.op = node.op;
        info.weight = nodeWeight(m, node);
        if (const auto s = schemes.find(info.weight); s != schemes.end()) info.scheme = s->second;
        bool int8 = false, inEngine = false;
        if (const auto it = view.named.find(node.name); it != view.named.end()) {
            inEngine = true;
            for (size_t e : it->second) int8 = int8 || runsInt8(e);
        }
        const auto prod = values[k].empty() ? view.producer.end() : view.producer.find(values[k]);
        if (prod != view.producer.end()) int8 = int8 || runsInt8(prod->second);
        info.precision = int8 ? NodePrecision::Int8 : NodePrecision::Fp32;
        if (!tapped) continue;
        const bool seen = !values[k].empty() && tapped->values.count(values[k]);
        if (seen) {
            const engine::Shape& s = tapped->shapes.at(values[k]);
            info.shape.assign(s.begin(), s.end());
        }
        // A folded node's value still reaches its readers (a reshaped weight): seen, but constant.
        if (prod != view.producer.end() && !tapped->ran.count(engine->nodes()[prod->second].name))
            info.status = NodeStatus::Constant;
        else if (seen)
            info.status = NodeStatus::Measured;
        else if (inEngine || prod == view.producer.end())
            info.status = NodeStatus::Fused;
    }
    if (!tapped) return;
    // A fused node's output lives on in the first measured node down its chain of first readers.
    std::map<std::string, size_t> firstReader;
    for (size_t k = 0; k < n; ++k)
        for (const auto& in : m.nodes[k].inputs) firstReader.emplace(in, k);
    for (size_t k = 0; k < n; ++k) {
        if (g.nodes[k].status != NodeStatus::Fused) continue;
        size_t at = k;
        for (size_t hops = 0; hops < n; ++hops) {
            const std::string& out = m.nodes[at].outputs.empty() ? std::string() : m.nodes[at].outputs[0];
            const auto r = firstReader.find(out);
            if (r == firstReader.end()) break;
            at = r->second;
            if (g.nodes[at].status == NodeStatus::Measured) {
                g.nodes[k].measuredAt = int64_t(at);
                break;
            }
        }
        // Parts of a kernel that has no name of its own (hard-swish pieces) run at its precision.
        if (g.nodes[k].measuredAt >= 0 && !view.named.count(m.nodes[k].name))
            g.nodes[k].precision = g.nodes[size_t(g.nodes[k].measuredAt)].precision;
    }
}

ImageDataset oneSample(const ImageDataset& all, int64_t i) {
    ImageDataset s;
    s.imagesPath = all.imagesPath;
    s.count = 1;
    s.rows = all.rows;
    s.cols = all.cols;
    s.channels = all.channels;
    const auto size = size_t(all.sampleSize());
    if (!all.pixels.empty()) s.pixels.assign(all.pixels.begin() + std::ptrdiff_t(size * size_t(i)), all.pixels.begin() + std::ptrdiff_t(size * size_t(i + 1)));
    else s.values.assign(all.values.begin() + std::ptrdiff_t(size * size_t(i)), all.values.begin() + std::ptrdiff_t(size * size_t(i + 1)));
    return s;
}

} // namespace

ModelGraph modelGraph(const Model& model, const ProjectQuantization* quantization) {
    if (model.llama || model.nodes.empty()) throw Error(model.path, "has no op graph to draw");
    ModelGraph g;
    g.layout = layoutGraph(model);
    if (quantization) {
        quant::QuantizedModel qm = quant::quantizedModel(model, quantization->layers);
        const engine::Executor ex(qm.model, {.layers = std::move(qm.activationLayers), .chain = false});
        describe(model, quantization, &ex, nullptr, g);
    } else {
        describe(model, nullptr, nullptr, nullptr, g);
    }
    return g;
}

ModelGraph measureModelGraph(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                             const DataSpec& data, int64_t samples, const JobContext& job) {
    if (model->llama || model->nodes.empty()) throw Error(model->path, "has no op graph to draw");
    if (data.isText()) throw Error(data.path, "is text, which only a llama-family language model reads");
    job.report(0, "graph: loading data");
    engine::Executor ref(*model);
    const ImageDataset images = loadDataset(data.path, inputGeometry(ref, data.image.layout));
    quant::QuantizedModel qm = quant::quantizedModel(*model, quantization.layers);
    engine::Executor run(qm.model, {.layers = std::move(qm.activationLayers), .chain = false});

    const int64_t n = std::min(samples, images.count);
    // Only the model nodes' values are compared, not the weights every reader is handed too.
    const std::vector<std::string> values = nodeValues(*model);
    const std::set<std::string> wanted(values.begin(), values.end());
    Tapped tapped;
    std::map<std::string, std::pair<double, double>> power; // value -> (signal, noise)
    const std::string output = ref.outputs().empty() ? std::string() : ref.outputs()[0].name;
    for (int64_t i = 0; i < n; ++i) {
        job.checkCancel();
        job.report(double(i) / double(std::max<int64_t>(n, 1)), "graph: sample " + std::to_string(i + 1) + "/" + std::to_string(n));
        const ImageDataset one = oneSample(images, i);
        std::map<std::string, std::vector<float>> fp32;
        const auto tapRef = [&](const GraphNode& node, std::span<const engine::Tensor* const> inputs) {
            tapped.ran.insert(node.name);
            for (size_t k = 0; k < inputs.size() && k < node.inputs.size(); ++k) {
                if (!inputs[k] || !wanted.count(node.inputs[k]) || fp32.count(node.inputs[k])) continue;
                fp32.emplace(node.inputs[k], asFloats(*inputs[k]));
                tapped.shapes.emplace(node.inputs[k], inputs[k]->shape);
            }
        };
        const ClassifierOutputs refOut = classifierOutputs(ref, one, data.image, 1, 1, {.progress = {}, .cancel = job.cancel}, tapRef);
        if (!output.empty() && !fp32.count(output)) {
            fp32.emplace(output, refOut.values);
            engine::Shape s{1};
            s.insert(s.end(), refOut.sampleShape.begin(), refOut.sampleShape.end());
            tapped.shapes.emplace(output, s);
        }
        std::set<std::string> seen;
        const auto accumulate = [&](const std::string& value, std::span<const float> q) {
            const auto r = fp32.find(value);
            if (r == fp32.end() || !seen.insert(value).second) return;
            if (r->second.size() != q.size())
                throw Error(model->path, "value '" + value + "': " + std::to_string(r->second.size()) +
                                             " values in fp32, " + std::to_string(q.size()) + " quantized");
            auto& [signal, noise] = power[value];
            for (size_t j = 0; j < q.size(); ++j) {
                const double a = r->second[j], d = a - double(q[j]);
                signal += a * a;
                noise += d * d;
            }
        };
        const auto tapRun = [&](const GraphNode& node, std::span<const engine::Tensor* const> inputs) {
            for (size_t k = 0; k < inputs.size() && k < node.inputs.size(); ++k)
                if (inputs[k] && !seen.count(node.inputs[k])) {
                    if (inputs[k]->dtype == DType::F32) accumulate(node.inputs[k], inputs[k]->f);
                    else accumulate(node.inputs[k], asFloats(*inputs[k]));
                }
        };
        const ClassifierOutputs runOut = classifierOutputs(run, one, data.image, 1, 1, {.progress = {}, .cancel = job.cancel}, tapRun);
        accumulate(output, runOut.values);
    }
    for (const auto& [value, p] : power) tapped.values.insert(value);

    ModelGraph g;
    g.layout = layoutGraph(*model);
    g.samples = n;
    describe(*model, &quantization, &run, &tapped, g);
    for (size_t k = 0; k < g.nodes.size(); ++k) {
        const auto p = values[k].empty() ? power.end() : power.find(values[k]);
        if (p == power.end()) continue;
        const auto& [signal, noise] = p->second;
        g.nodes[k].sqnrDb = noise == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(signal / noise);
    }
    job.report(1, "graph: done");
    return g;
}

} // namespace qb::pipeline
