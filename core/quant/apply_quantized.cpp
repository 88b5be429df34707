#include "core/quant/effective_weight.h"
#include "core/quant/apply_quantized.h"

#include <algorithm>
#include <memory>
#include <set>
#include <string>

#include "core/calib/llm_taps.h"
#include "core/llm/int_matmul.h"
#include "core/quant/smoothquant.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"

namespace qb::quant {

Model applyQuantized(const Model& model, std::span<const QuantizedLayer> layers) {
    Model out = model;
    std::set<std::string> done;
    for (const QuantizedLayer& layer : layers) {
        if (!done.insert(layer.name).second) throw Error(layer.name, "layer is quantized twice");
        auto it = std::find_if(out.tensors.begin(), out.tensors.end(),
                               [&](const TensorEntry& t) { return t.name == layer.name; });
        if (it == out.tensors.end()) throw Error(layer.name, "no tensor of this name in the model");
        const WeightMatrix shape = matrixShape(*it);
        if (shape.rows != layer.weight.rows || shape.cols != layer.weight.cols)
            throw Error(layer.name, "quantized as [" + std::to_string(layer.weight.rows) + ", " +
                                        std::to_string(layer.weight.cols) + "] but the tensor is [" +
                                        std::to_string(shape.rows) + ", " + std::to_string(shape.cols) + "]");
        // A decoder's Q8_0/Q4_0 weight keeps its blocks ([out, in] rows, as GGUF stores them): the
        // transformer runs it on the integer kernels, and toFloat() decodes it to effectiveWeight().
        const Scheme& scheme = *layer.weight.scheme;
        if (model.llama && scheme.kind == SchemeKind::Ggml && llm::hasIntKernel(scheme.storage) &&
            layer.inputScale.empty() && !layer.activation && it->shape == std::vector<int64_t>{shape.rows, shape.cols}) {
            auto blocks = std::make_shared<std::vector<uint8_t>>(layer.weight.bytes);
            it->dtype = scheme.storage;
            it->data = std::as_bytes(std::span<const uint8_t>(*blocks));
            it->fileOffset = 0;
            out.storage.push_back(std::move(blocks));
            continue;
        }
        auto values = std::make_shared<std::vector<float>>(toStoredOrder(*it, effectiveWeight(layer)));
        it->dtype = DType::F32;
        it->data = std::as_bytes(std::span<const float>(*values));
        it->fileOffset = 0;
        out.storage.push_back(std::move(values));
    }
    return out;
}

QuantizedModel quantizedModel(const Model& model, std::span<const QuantizedLayer> layers) {
    QuantizedModel q{applyQuantized(model, layers), {}};
    for (const QuantizedLayer& l : layers)
        if (l.activation) q.activationLayers.push_back(l);
    return q;
}

MatmulInputTransform llmInputTransform(const Model& model, std::vector<QuantizedLayer> layers) {
    if (!model.llama) throw Error(model.path, "input transforms are for llama-family models");
    const std::vector<LlmTap> taps = llmTaps(model);
    // byTap[i]: the layer whose input tap i transforms, or -1.
    auto byTap = std::make_shared<std::vector<int64_t>>(taps.size(), -1);
    for (size_t k = 0; k < layers.size(); ++k) {
        if (!layers[k].activation) continue;
        bool found = false;
        for (size_t i = 0; i < taps.size(); ++i) {
            if (taps[i].weight->name != layers[k].name) continue;
            (*byTap)[i] = int64_t(k);
            found = true;
        }
        if (!found) throw Error(layers[k].name, "no matmul of the model reads this weight");
    }
    auto held = std::make_shared<const std::vector<QuantizedLayer>>(std::move(layers));
    const LlamaConfig config = *model.llama;
    return [byTap, held, config](int64_t layer, const char* role, float* x, int64_t rows, int64_t cols) {
        const int64_t tap = llmTapIndex(config, layer, role);
        if (tap < 0 || (*byTap)[size_t(tap)] < 0) return;
        fakeQuantizeInput((*held)[size_t((*byTap)[size_t(tap)])], std::span(x, size_t(rows * cols)), cols);
    };
}

} // namespace qb::quant
