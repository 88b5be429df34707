// What the writer round-trip targets share: a real model (from QB_SHARED_DIR, else the tree's
// shared folder) with some layers' first weights taken from the fuzz input, and its quantization.
// The GGUF and project targets take stories260K thus:
//   byte 0, byte 1: the schemes of kLayers[0], kLayers[1] (index into kSchemes, modulo)
//   then float32 bits overwriting the first weights of kLayers[0], then of kLayers[1]
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/formats/model_hash.h"
#include "core/formats/model_reader.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"

namespace qb::fuzz {

// Schemes with a GGUF type (ggml kinds, and integers that re-encode to one) and some without
// (which the GGUF export must refuse before writing anything).
inline const char* const kSchemes[] = {"\"q8_0\"", "\"q4_0\"", "\"q4_1\"", "\"q5_0\"", "\"q5_1\"", "\"q4_k\"", "\"q6_k\"",
                                       "\"fp16\"", R"({"bits": 8, "group": 32})", R"({"bits": 4, "group": 32})",
                                       R"({"bits": 4, "group": 32, "symmetric": false})",
                                       R"({"bits": 5, "group": 32, "symmetric": false})",
                                       R"({"bits": 3, "group": 32})", R"({"bits": 8})"};
inline constexpr size_t kSchemeCount = sizeof(kSchemes) / sizeof(kSchemes[0]);
inline const char* const kLayers[] = {"blk.0.attn_q.weight", "blk.1.ffn_up.weight"};

/// A model below QB_SHARED_DIR (else the tree's shared folder), read once.
inline Model sharedModel(const std::string& relative) {
    const char* env = std::getenv("QB_SHARED_DIR");
    return openModel(std::string(env && *env ? env : QB_FUZZ_SHARED_DIR) + "/models/" + relative);
}

inline const Model& storiesSource() {
    static const Model m = sharedModel("llama2c/stories260K.bin");
    return m;
}

struct QuantizedModel {
    std::shared_ptr<Model> model;
    Project project; ///< its quantization set by quantize()
};
using QuantizedStories = QuantizedModel;

/// A copy of `source` whose F32 tensors `weights` take their first values, in turn, from the
/// float32 bits of data[at, size), and a project of `plan` (RTN) for it.
inline QuantizedModel withWeights(const Model& source, const std::string& hash, const std::vector<std::string>& weights,
                                  const uint8_t* data, size_t size, size_t at, const std::string& plan) {
    QuantizedModel q{std::make_shared<Model>(source), {}};
    for (const auto& name : weights) {
        TensorEntry* t = nullptr;
        for (auto& e : q.model->tensors)
            if (e.name == name) t = &e;
        if (!t || t->dtype != DType::F32) std::abort();
        auto owned = std::make_shared<std::vector<float>>(toFloat(*t));
        const size_t n = std::min(owned->size(), (size - std::min(size, at)) / 4);
        if (n) std::memcpy(owned->data(), data + at, n * 4);
        at += n * 4;
        t->data = std::as_bytes(std::span<const float>(*owned));
        q.model->storage.push_back(owned);
    }
    q.project.modelPath = source.path;
    q.project.modelHash = hash;
    q.project.plan = plan;
    q.project.quantization = ProjectQuantization{plan, "rtn", {}};
    return q;
}

/// The model and plan the input describes; nullopt for an input shorter than the two bytes.
inline std::optional<QuantizedStories> quantizedStories(const uint8_t* data, size_t size) {
    static const std::string hash = modelHash(storiesSource().path);
    if (size < 2) return std::nullopt;
    const std::string plan = std::string(R"({"default": "fp16", "layers": {")") + kLayers[0] + "\": " +
                             kSchemes[data[0] % kSchemeCount] + ", \"" + kLayers[1] + "\": " +
                             kSchemes[data[1] % kSchemeCount] + "}}";
    return withWeights(storiesSource(), hash, {kLayers[0], kLayers[1]}, data, size, 2, plan);
}

/// A model's quantizable float weights, by name.
inline std::vector<std::string> quantizableNames(const Model& m) {
    std::vector<std::string> names;
    for (const auto& t : m.tensors)
        if (t.quantizable && t.dtype == DType::F32) names.push_back(t.name);
    std::sort(names.begin(), names.end());
    return names;
}

/// Every weight of `weights` (quantizableNames of `source`, a graph model of hash `hash`) in the
/// scheme byte k chooses among `schemes`, the rest fp16, with the weights' first values from the
/// bytes after those; nullopt for an input shorter than one byte per weight.
inline std::optional<QuantizedModel> everyWeightChosen(const Model& source, const std::string& hash,
                                                       const std::vector<std::string>& weights,
                                                       std::span<const char* const> schemes, const uint8_t* data, size_t size) {
    if (size < weights.size()) return std::nullopt;
    std::string layers;
    for (size_t k = 0; k < weights.size(); ++k)
        layers += std::string(k ? ", " : "") + "\"" + weights[k] + "\": " + schemes[data[k] % schemes.size()];
    return withWeights(source, hash, weights, data, size, weights.size(), R"({"default": "fp16", "layers": {)" + layers + "}}");
}

/// Quantizes (RTN) by the plan; throws qb::Error as the quantizer does. Returns true.
inline bool quantize(QuantizedStories& q) {
    const auto layers = quant::resolvePlan(quant::parsePlan(q.project.quantization->plan, "plan"), *q.model, "plan");
    q.project.quantization->layers = quant::quantizeModel(*q.model, layers, {});
    return true;
}

} // namespace qb::fuzz
