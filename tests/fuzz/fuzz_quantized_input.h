// What the writer round-trip targets share: stories260K (from QB_SHARED_DIR, else the tree's
// shared folder) with two layers' schemes and first weights taken from the fuzz input, and its
// quantization.
//   byte 0, byte 1: the schemes of kLayers[0], kLayers[1] (index into kSchemes, modulo)
//   then float32 bits overwriting the first weights of kLayers[0], then of kLayers[1]
#pragma once
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
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

inline const Model& storiesSource() {
    static const Model m = [] {
        const char* env = std::getenv("QB_SHARED_DIR");
        return openModel(std::string(env && *env ? env : QB_FUZZ_SHARED_DIR) + "/models/llama2c/stories260K.bin");
    }();
    return m;
}

struct QuantizedStories {
    std::shared_ptr<Model> model;
    Project project; ///< its quantization set by quantize()
};

/// The model and plan the input describes; nullopt for an input shorter than the two bytes.
inline std::optional<QuantizedStories> quantizedStories(const uint8_t* data, size_t size) {
    static const std::string hash = modelHash(storiesSource().path);
    if (size < 2) return std::nullopt;
    QuantizedStories q{std::make_shared<Model>(storiesSource()), {}};
    size_t at = 2;
    for (const char* name : kLayers) {
        TensorEntry* t = nullptr;
        for (auto& e : q.model->tensors)
            if (e.name == name) t = &e;
        if (!t || t->dtype != DType::F32) std::abort();
        auto owned = std::make_shared<std::vector<float>>(toFloat(*t));
        const size_t n = std::min(owned->size(), (size - at) / 4);
        if (n) std::memcpy(owned->data(), data + at, n * 4);
        at += n * 4;
        t->data = std::as_bytes(std::span<const float>(*owned));
        q.model->storage.push_back(owned);
    }
    const std::string plan = std::string(R"({"default": "fp16", "layers": {")") + kLayers[0] + "\": " +
                             kSchemes[data[0] % kSchemeCount] + ", \"" + kLayers[1] + "\": " +
                             kSchemes[data[1] % kSchemeCount] + "}}";
    q.project.modelPath = storiesSource().path;
    q.project.modelHash = hash;
    q.project.plan = plan;
    q.project.quantization = ProjectQuantization{plan, "rtn", {}};
    return q;
}

/// Quantizes (RTN) by the plan; throws qb::Error as the quantizer does. Returns true.
inline bool quantize(QuantizedStories& q) {
    const auto layers = quant::resolvePlan(quant::parsePlan(q.project.quantization->plan, "plan"), *q.model, "plan");
    q.project.quantization->layers = quant::quantizeModel(*q.model, layers, {});
    return true;
}

} // namespace qb::fuzz
