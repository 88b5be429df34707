#include "core/quant/llm_block_inputs.h"

#include <filesystem>
#include <optional>

#include "core/datasets/text_dataset.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::quant {

LlmBlockInputs::LlmBlockInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos, const CalibrationSettings& s,
                               const LayerInputOptions& o)
    : path_(m.path), tf_(m), taps_(llmTaps(m)), opt_(o) {
    for (int64_t b = 0; b < blocks(); ++b) original_.push_back(tf_.layerWeights(b));
    const LlmWindows windows = llmWindows(m, tokens, s);
    std::vector<int32_t> window;
    for (const auto& chunk : windows.chunks) {
        window.assign(1, bos);
        window.insert(window.end(), chunk.begin(), chunk.end());
        tf_.embed(window, hidden_.emplace_back());
    }
}

std::map<std::string, LayerInputs> LlmBlockInputs::collect(int64_t b, const JobContext& job) {
    if (b != next_) throw Error(path_, "block " + std::to_string(b) + " collected out of order");
    const LlamaConfig& c = tf_.config();
    const int64_t tapLayer = b == blocks() ? -1 : b;
    // Only the first tap of a same-input group accumulates; the others are copied at the end.
    std::map<int64_t, std::optional<LayerInputs>> byTap;
    tf_.setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        const int64_t i = llmTapIndex(c, layer, role);
        if (i < 0 || layer != tapLayer || taps_[size_t(i)].sameInputAs >= 0) return;
        auto& in = byTap[i];
        if (!in) {
            LayerInputOptions oi = opt_;
            oi.seed = opt_.seed + uint64_t(i);
            in.emplace(cols, oi);
        }
        in->add(std::span(x, size_t(rows * cols)), rows);
    });
    std::vector<float> x, logits;
    const std::string stage = tapLayer < 0 ? "collecting the head's inputs" : "collecting block " + std::to_string(b + 1) +
                                                                                   "/" + std::to_string(blocks()) + " inputs";
    try {
        for (size_t w = 0; w < hidden_.size(); ++w) {
            job.checkCancel();
            const auto len = int64_t(hidden_[w].size()) / c.dim;
            if (tapLayer < 0) {
                tf_.head(hidden_[w].data(), len, logits);
            } else {
                x = hidden_[w]; // the states move only in advance()
                KvCache cache = tf_.newCache(1, len, 1);
                tf_.runLayer(b, x.data(), len, cache, 0);
            }
            job.report(double(w + 1) / double(hidden_.size()), stage);
        }
    } catch (...) {
        tf_.setObserver({});
        throw;
    }
    tf_.setObserver({});

    std::map<std::string, LayerInputs> out;
    for (size_t i = taps_.size(); i-- > 0;) { // a group's later taps copy before the first one moves
        if (taps_[i].layer != tapLayer) continue;
        const bool shared = taps_[i].sameInputAs >= 0;
        const auto it = byTap.find(shared ? taps_[i].sameInputAs : int64_t(i));
        if (it == byTap.end() || !it->second) throw Error(path_, "tensor '" + taps_[i].weight->name + "': its input was never observed");
        out.insert_or_assign(taps_[i].weight->name, shared ? *it->second : std::move(*it->second));
    }
    return out;
}

void LlmBlockInputs::advance(int64_t b, const LayerWeights& weights, const JobContext& job) {
    if (b != next_ || b >= blocks()) throw Error(path_, "block " + std::to_string(b) + " advanced out of order");
    tf_.layerWeights(b) = weights;
    try {
        for (auto& h : hidden_) {
            job.checkCancel();
            const auto len = int64_t(h.size()) / tf_.config().dim;
            KvCache cache = tf_.newCache(1, len, 1);
            tf_.runLayer(b, h.data(), len, cache, 0);
        }
    } catch (...) {
        tf_.layerWeights(b) = original_[size_t(b)];
        throw;
    }
    tf_.layerWeights(b) = original_[size_t(b)];
    ++next_;
}

std::unique_ptr<LlmBlockInputs> textBlockInputs(const Model& m, const std::string& textPath, const CalibrationSettings& s,
                                                const JobContext& job) {
    if (!m.llama)
        throw Error(m.path, "GPTQ, AWQ and SmoothQuant take their inputs from language-model calibration; "
                            "use method rtn for '" + m.architecture + "'");
    if (std::filesystem::path(textPath).extension() != ".txt")
        throw Error(textPath.empty() ? m.path : textPath, "GPTQ, AWQ and SmoothQuant need calibration text (a .txt file)");
    const BpeTokenizer tok = loadTokenizer(m);
    const TextDataset text = loadTextDataset(textPath, tok);
    job.checkCancel();
    return std::make_unique<LlmBlockInputs>(m, text.tokens, tok.bos(), s);
}

} // namespace qb::quant
