// compare's per-layer table: each quantizable layer's output in fp32, with the whole plan, and
// with only that layer quantized, captured on the same images.
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "core/datasets/image_dataset.h"
#include "core/engine/graph_executor.h"
#include "core/engine/graph_fusion.h"
#include "core/engine/input_geometry.h"
#include "core/eval/classifier_eval.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/compare_llm.h"
#include "core/pipeline/model_runner.h"
#include "core/quant/apply_quantized.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

// The outputs of the layer nodes (Conv, Gemm, MatMul, ConvTranspose with a quantizable model
// weight) of one model variant over the images, by weight name, and the layers in execution order.
struct LayerOutputs {
    std::vector<std::string> order;
    std::map<std::string, std::vector<float>> values;
};

// The model tensor a node's weight input comes from: itself, or the source of the shape-only ops
// (Reshape, Transpose...) that constant folding ran on it (mnist-12's MatMul weight is reshaped).
std::string weightTensor(const Model& m, std::string value) {
    static const std::set<std::string> shapeOnly{"Reshape", "Transpose", "Squeeze", "Unsqueeze", "Flatten", "Cast", "Identity"};
    for (size_t hops = 0; hops < m.nodes.size() && !m.find(value); ++hops) {
        const auto it = std::find_if(m.nodes.begin(), m.nodes.end(), [&](const GraphNode& n) {
            return shapeOnly.count(n.op) && !n.inputs.empty() && std::find(n.outputs.begin(), n.outputs.end(), value) != n.outputs.end();
        });
        if (it == m.nodes.end()) break;
        value = it->inputs[0];
    }
    return value;
}

LayerOutputs capture(const Model& original, const Model& variant, std::vector<quant::QuantizedLayer> act,
                     const ImageDataset& images, const Preprocess& pre, int64_t samples, const JobContext& job) {
    // Unchained: a chained int8 Conv would write its readers' activation codes, so its observed
    // output would carry the next layer's input rounding too.
    engine::Executor ex(variant, {.layers = std::move(act), .chain = false});
    LayerOutputs r;
    std::map<std::string, std::string> layerOf; // output value name -> weight name
    std::map<std::string, int64_t> takenInRun;  // output value name -> the run it was last taken in
    std::string firstNode;
    int64_t run = 0;
    const auto observe = [&](const GraphNode& n, std::span<const engine::Tensor* const> inputs) {
        if (firstNode.empty()) firstNode = n.name;
        else if (n.name == firstNode) ++run;
        // A layer's output is read by the nodes after it: taken once per run, at its first reader.
        for (size_t k = 0; k < inputs.size() && k < n.inputs.size(); ++k) {
            const auto it = layerOf.find(n.inputs[k]);
            if (it == layerOf.end() || !inputs[k]) continue;
            if (auto [t, fresh] = takenInRun.try_emplace(it->first, run); !fresh) {
                if (t->second == run) continue;
                t->second = run;
            }
            auto& v = r.values[it->second];
            v.insert(v.end(), inputs[k]->f.begin(), inputs[k]->f.end());
        }
        if (n.op != "Conv" && n.op != "Gemm" && n.op != "MatMul" && n.op != "ConvTranspose") return;
        const auto src = n.attrs.find(engine::kWeightSource);
        const std::string weight =
            weightTensor(original, src != n.attrs.end() ? src->second.s : n.inputs.size() > 1 ? n.inputs[1] : "");
        const TensorEntry* t = original.find(weight);
        if (!t || !t->quantizable || n.outputs.empty() || layerOf.count(n.outputs[0])) return;
        if (run == 0) r.order.push_back(weight);
        layerOf[n.outputs[0]] = weight;
    };
    const ClassifierOutputs out = classifierOutputs(ex, images, pre, samples, samples, job, observe);
    // A layer that writes the graph's output has no reader: its values are the run's outputs.
    for (const auto& [value, weight] : layerOf)
        if (!ex.outputs().empty() && value == ex.outputs()[0].name && !r.values.count(weight)) r.values[weight] = out.values;
    return r;
}

double sqnrDb(const std::vector<float>& ref, const std::vector<float>& q, const std::string& layer) {
    if (ref.size() != q.size()) throw Error(layer, "output sizes differ between fp32 and quantized runs");
    double signal = 0, noise = 0;
    for (size_t k = 0; k < ref.size(); ++k) {
        signal += double(ref[k]) * ref[k];
        noise += (double(ref[k]) - q[k]) * (double(ref[k]) - q[k]);
    }
    if (noise == 0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(signal / noise);
}

} // namespace

std::vector<LayerSqnr> layerSqnr(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                 const DataSpec& data, int64_t samples, const JobContext& job) {
    if (model->llama) return llmLayerSqnr(model, quantization, data, samples, job);
    if (data.isText()) throw Error(data.path, "is text, which only a llama-family language model reads");
    job.report(0, "layers: loading data");
    const ImageDataset images = [&] {
        const engine::Executor probe(*model);
        return loadDataset(data.path, inputGeometry(probe, data.image.layout));
    }();
    const int64_t n = std::min(samples, images.count);
    const auto& layers = quantization.layers;
    const double steps = double(layers.size() + 2);
    job.report(0, "layers: fp32");
    const LayerOutputs ref = capture(*model, *model, {}, images, data.image, n, {.progress = {}, .cancel = job.cancel});
    job.report(1 / steps, "layers: whole plan");
    quant::QuantizedModel whole = quant::quantizedModel(*model, layers);
    const LayerOutputs acc = capture(*model, whole.model, std::move(whole.activationLayers), images, data.image, n,
                                     {.progress = {}, .cancel = job.cancel});
    std::map<std::string, const quant::QuantizedLayer*> byName;
    for (const auto& l : layers) byName[l.name] = &l;

    std::vector<LayerSqnr> table;
    size_t step = 2;
    for (const std::string& name : ref.order) {
        job.checkCancel();
        LayerSqnr row;
        row.name = name;
        const auto& r = ref.values.at(name);
        const auto a = acc.values.find(name);
        if (a == acc.values.end()) throw Error(name, "the quantized run did not run this layer");
        row.accumulatedDb = sqnrDb(r, a->second, name);
        row.localDb = std::numeric_limits<double>::infinity();
        if (const auto it = byName.find(name); it != byName.end()) {
            row.quantized = true;
            job.report(double(step++) / steps, "layers: " + name);
            quant::QuantizedModel one = quant::quantizedModel(*model, std::span(it->second, 1));
            const LayerOutputs local = capture(*model, one.model, std::move(one.activationLayers), images, data.image, n,
                                               {.progress = {}, .cancel = job.cancel});
            row.localDb = sqnrDb(r, local.values.at(name), name);
        }
        table.push_back(std::move(row));
    }
    return table;
}

} // namespace qb::pipeline
