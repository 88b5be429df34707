#include "core/calib/llm_calibration.h"

#include <map>
#include <memory>

#include "core/eval/text_dataset.h"
#include "core/llm/transformer.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr int64_t kDefaultContext = 512;
constexpr const char* kLayerRoles[] = {"attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down"};

// The stored tensor behind (layer, role): GGUF names, or Hugging Face names for safetensors.
const TensorEntry* weightFor(const Model& m, int64_t layer, const std::string& role) {
    if (layer < 0) {
        if (const auto* t = m.find("output.weight")) return t;
        if (const auto* t = m.find("lm_head.weight")) return t;
        // Tied head: the embedding matrix serves as the output matmul's weight.
        if (const auto* t = m.find("token_embd.weight")) return t;
        return m.find("model.embed_tokens.weight");
    }
    if (const auto* t = m.find("blk." + std::to_string(layer) + "." + role + ".weight")) return t;
    static const std::map<std::string, std::string> hf{
        {"attn_q", "self_attn.q_proj"}, {"attn_k", "self_attn.k_proj"}, {"attn_v", "self_attn.v_proj"},
        {"attn_output", "self_attn.o_proj"}, {"ffn_gate", "mlp.gate_proj"}, {"ffn_up", "mlp.up_proj"},
        {"ffn_down", "mlp.down_proj"}};
    return m.find("model.layers." + std::to_string(layer) + "." + hf.at(role) + ".weight");
}

std::string tapKey(int64_t layer, const std::string& role) { return std::to_string(layer) + "." + role; }

} // namespace

Calibration calibrateLlm(const Model& model, std::span<const int32_t> tokens, int32_t bos,
                         const CalibrationSettings& settings, const JobContext& job) {
    if (!model.llama)
        throw Error(model.path, "text calibration needs a llama-family language model (this is '" + model.architecture + "')");
    if (settings.samples <= 0) throw Error(settings.dataPath, "no samples to calibrate with");
    Transformer tf(model);
    const int64_t context = settings.context > 0 ? settings.context : std::min(kDefaultContext, model.llama->maxSeqLen);
    const auto chunks = textChunks(tokens, context, settings.dataPath);
    const std::vector<int64_t> chosen = chooseSamples(int64_t(chunks.size()), settings.samples, settings.seed);

    // q/k/v read the same normed input, and so do gate/up: one observer serves each group.
    struct Tap {
        const TensorEntry* weight;
        std::shared_ptr<ActivationObserver> observer;
        bool shared = false; ///< observes nothing itself: the group's first tap does
    };
    std::vector<Tap> taps; // execution order
    std::map<std::string, size_t> byKey;
    uint64_t seed = settings.seed;
    const auto add = [&](int64_t layer, const std::string& role) {
        const TensorEntry* w = weightFor(model, layer, role);
        if (!w) throw Error(model.path, "no weight tensor for " + tapKey(layer, role));
        byKey[tapKey(layer, role)] = taps.size();
        const bool shared = role == "attn_k" || role == "attn_v" || role == "ffn_up";
        taps.push_back({w, shared ? taps.back().observer : std::make_shared<ActivationObserver>(ObserverOptions{.seed = ++seed}),
                        shared});
    };
    for (int64_t l = 0; l < model.llama->layers; ++l)
        for (const char* role : kLayerRoles) add(l, role);
    add(-1, "output");

    tf.setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        const auto it = byKey.find(tapKey(layer, role));
        if (it == byKey.end() || taps[it->second].shared) return;
        const int64_t shape[2] = {rows, cols};
        taps[it->second].observer->observe(std::span(x, size_t(rows * cols)), ChannelLayout{shape, -1});
    });
    std::vector<float> logits;
    std::vector<int32_t> window;
    for (size_t k = 0; k < chosen.size(); ++k) {
        job.checkCancel();
        const auto chunk = chunks[size_t(chosen[k])];
        window.assign(1, bos);
        window.insert(window.end(), chunk.begin(), chunk.end());
        KvCache cache = tf.newCache(1, int64_t(window.size()));
        tf.forward(window, cache, logits);
        job.report(double(k + 1) / double(chosen.size()),
                   "calibrating " + std::to_string(k + 1) + "/" + std::to_string(chosen.size()));
    }

    Calibration cal;
    cal.settings = settings;
    cal.settings.context = context;
    cal.samplesUsed = int64_t(chosen.size());
    for (const auto& t : taps) {
        job.checkCancel();
        cal.layers.push_back(layerStats(*t.weight, *t.observer, settings));
    }
    return cal;
}

} // namespace qb
