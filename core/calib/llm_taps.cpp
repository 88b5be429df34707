#include "core/calib/calibration_stats.h"
#include "core/calib/llm_taps.h"

#include <algorithm>
#include <iterator>
#include <map>

#include "core/datasets/text_dataset.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr int64_t kDefaultContext = 512;
// In the order the transformer runs them.
constexpr std::string_view kLayerRoles[] = {"attn_q", "attn_k", "attn_v", "attn_output",
                                            "ffn_gate", "ffn_up", "ffn_down"};
constexpr int64_t kRolesPerLayer = int64_t(std::size(kLayerRoles));

} // namespace

const TensorEntry* llmEmbedding(const Model& m) {
    if (const auto* t = m.find("token_embd.weight")) return t;
    return m.find("model.embed_tokens.weight");
}

namespace {

// The stored tensor behind (layer, role): GGUF names, or Hugging Face names for safetensors.
const TensorEntry* weightFor(const Model& m, int64_t layer, std::string_view role) {
    if (layer < 0) {
        if (const auto* t = m.find("output.weight")) return t;
        if (const auto* t = m.find("lm_head.weight")) return t;
        // Tied head: the embedding matrix serves as the output matmul's weight.
        return llmEmbedding(m);
    }
    if (const auto* t = m.find("blk." + std::to_string(layer) + "." + std::string(role) + ".weight")) return t;
    static const std::map<std::string_view, std::string> hf{
        {"attn_q", "self_attn.q_proj"}, {"attn_k", "self_attn.k_proj"}, {"attn_v", "self_attn.v_proj"},
        {"attn_output", "self_attn.o_proj"}, {"ffn_gate", "mlp.gate_proj"}, {"ffn_up", "mlp.up_proj"},
        {"ffn_down", "mlp.down_proj"}};
    return m.find("model.layers." + std::to_string(layer) + "." + hf.at(role) + ".weight");
}

void requireLlama(const Model& m) {
    if (!m.llama)
        throw Error(m.path, "text calibration needs a llama-family language model (this is '" + m.architecture + "')");
}

} // namespace

std::vector<LlmTap> llmTaps(const Model& m) {
    requireLlama(m);
    std::vector<LlmTap> taps;
    const auto add = [&](int64_t layer, std::string_view role, int64_t sameInputAs) {
        const TensorEntry* w = weightFor(m, layer, role);
        if (!w) throw Error(m.path, "no weight tensor for layer " + std::to_string(layer) + " " + std::string(role));
        taps.push_back({layer, std::string(role), w, sameInputAs});
    };
    for (int64_t l = 0; l < m.llama->layers; ++l) {
        const int64_t first = l * kRolesPerLayer; // attn_q; ffn_gate is first + 4
        for (int64_t r = 0; r < kRolesPerLayer; ++r) {
            const std::string_view role = kLayerRoles[r];
            const int64_t same = role == "attn_k" || role == "attn_v" ? first : role == "ffn_up" ? first + 4 : -1;
            add(l, role, same);
        }
    }
    add(-1, "output", -1);
    return taps;
}

int64_t llmTapIndex(const LlamaConfig& c, int64_t layer, std::string_view role) {
    if (layer < 0) return role == "output" ? c.layers * kRolesPerLayer : -1;
    if (layer >= c.layers) return -1;
    const auto* it = std::find(std::begin(kLayerRoles), std::end(kLayerRoles), role);
    return it == std::end(kLayerRoles) ? -1 : layer * kRolesPerLayer + (it - std::begin(kLayerRoles));
}

LlmWindows llmWindows(const Model& m, std::span<const int32_t> tokens, const CalibrationSettings& settings) {
    requireLlama(m);
    if (settings.samples <= 0) throw Error(settings.dataPath, "no samples to calibrate with");
    LlmWindows w;
    w.context = settings.context > 0 ? settings.context : std::min(kDefaultContext, m.llama->maxSeqLen);
    const auto chunks = textChunks(tokens, w.context, settings.dataPath);
    for (const int64_t i : chooseSamples(int64_t(chunks.size()), settings.samples, settings.seed))
        w.chunks.push_back(chunks[size_t(i)]);
    return w;
}

void runWindows(Transformer& tf, const LlmWindows& windows, int32_t bos, const std::string& stage, const JobContext& job) {
    std::vector<float> logits;
    std::vector<int32_t> window;
    const size_t n = windows.chunks.size();
    for (size_t k = 0; k < n; ++k) {
        job.checkCancel();
        window.assign(1, bos);
        window.insert(window.end(), windows.chunks[k].begin(), windows.chunks[k].end());
        KvCache cache = tf.newCache(1, int64_t(window.size()));
        tf.forward(window, cache, logits);
        job.report(double(k + 1) / double(n), stage + " " + std::to_string(k + 1) + "/" + std::to_string(n));
    }
}

} // namespace qb
