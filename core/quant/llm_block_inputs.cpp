#include "core/quant/llm_block_inputs.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>

#include "core/datasets/text_dataset.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::quant {

namespace {

std::string sizeText(uint64_t bytes) {
    char text[48];
    if (bytes >= (uint64_t(1) << 30)) std::snprintf(text, sizeof text, "%.2f GiB", double(bytes) / double(1 << 30));
    else std::snprintf(text, sizeof text, "%.1f MiB", double(bytes) / double(1 << 20));
    return std::string(text) + " (" + std::to_string(bytes) + " bytes)";
}

std::string spillFolder(const MemoryBudget& b) {
    if (!b.spillDir.empty()) return b.spillDir;
    const char* tmp = std::getenv("TMPDIR");
    return tmp && *tmp ? tmp : "/tmp";
}

} // namespace

BlockMemory blockMemory(const Model& m, int64_t windows, int64_t context, const LayerInputOptions& o) {
    const LlamaConfig& c = *m.llama;
    const auto dim = uint64_t(c.dim), hid = uint64_t(c.hiddenDim), q = uint64_t(c.heads * c.headDim),
               kv = uint64_t(c.kvHeads * c.headDim), vocab = uint64_t(c.vocab), len = uint64_t(context),
               rows = uint64_t(o.sampleRows);
    // A tap's statistics: gram and |x| sums in double, |x| maxima and the sampled rows in f32.
    const auto stats = [&](uint64_t cols) { return 8 * (cols * cols + cols) + 4 * (cols + rows * cols); };
    const uint64_t blockWeights = 4 * (2 * dim + dim * q + 2 * dim * kv + q * dim + 3 * dim * hid);
    const uint64_t headWeights = 4 * (dim + vocab * dim);
    BlockMemory b;
    b.weights = std::max(blockWeights, headWeights);
    // q, k, v, gate and up read the hidden size; each holds its own copy once collected.
    b.statistics = std::max(5 * stats(dim) + stats(q) + stats(hid), stats(dim));
    // GPTQ on a [rows, cols] layer: the Hessian in double, its f32 factor and inverse factor, the
    // weight decoded and its working copy. ffn_down (cols = hid) or the head (rows = vocab) is widest.
    const auto gptq = [](uint64_t r, uint64_t c) { return 16 * c * c + 8 * r * c; };
    b.quantizer = std::max({gptq(dim, hid), gptq(hid, dim), gptq(q, dim), gptq(vocab, dim)});
    // The states, the forward pass's buffers (layer input copy, norm, q/k/v, attention, gate/up),
    // the window's KV cache and the logits of the head.
    b.window = 4 * len * (2 * dim + q + 2 * kv + std::max(q, dim) + 2 * hid + 2 * kv + std::max(vocab, len));
    b.activations = 4 * uint64_t(windows) * len * dim;
    return b;
}

LlmBlockInputs::LlmBlockInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos, const CalibrationSettings& s,
                               const LayerInputOptions& o, const MemoryBudget& budget)
    : model_(m), tf_(bindLlamaWeights(m, LlamaParts::none()), m.path), taps_(llmTaps(m)), opt_(o) {
    const LlmWindows windows = llmWindows(m, tokens, s);
    memory_ = blockMemory(m, int64_t(windows.chunks.size()), windows.context, o);
    bool spill = false;
    if (budget.bytes > 0) {
        if (budget.bytes < memory_.fixed())
            throw Error(m.path, "a memory budget of " + sizeText(budget.bytes) + " is too small: one decoder block needs " +
                                    sizeText(memory_.fixed()) + " (its f32 weights " + sizeText(memory_.weights) +
                                    " twice, the statistics of its inputs " + sizeText(memory_.statistics) +
                                    ", the quantizer's working set " + sizeText(memory_.quantizer) +
                                    ", one calibration window " + sizeText(memory_.window) +
                                    "); give a memory budget of at least that");
        spill = memory_.fixed() + memory_.activations > budget.bytes;
    }
    hidden_ = std::make_unique<HiddenStates>(spill ? spillFolder(budget) : std::string());
    const LlamaWeights embedding = bindLlamaWeights(m, LlamaParts::embeddingOnly());
    tf_.bind(embedding);
    std::vector<int32_t> window;
    std::vector<float> x;
    for (const auto& chunk : windows.chunks) {
        window.assign(1, bos);
        window.insert(window.end(), chunk.begin(), chunk.end());
        tf_.embed(window, x);
        hidden_->append(x);
    }
    tf_.unbind(embedding);
}

void LlmBlockInputs::bindPart(int64_t b) {
    if (b == boundPart_) return;
    tf_.unbind(bound_);
    bound_ = {};
    boundPart_ = -1;
    bound_ = bindLlamaWeights(model_, b == blocks() ? LlamaParts::outputHead() : LlamaParts::layer(b));
    tf_.bind(bound_);
    boundPart_ = b;
}

const LayerWeights& LlmBlockInputs::modelWeights(int64_t b) {
    if (b < 0 || b >= blocks()) throw Error(model_.path, "no decoder block " + std::to_string(b));
    bindPart(b);
    return bound_.layers[size_t(b)];
}

std::map<std::string, LayerInputs> LlmBlockInputs::collect(int64_t b, const JobContext& job) {
    if (b != next_) throw Error(model_.path, "block " + std::to_string(b) + " collected out of order");
    bindPart(b);
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
        for (size_t w = 0; w < hidden_->windows(); ++w) {
            job.checkCancel();
            hidden_->read(w, x); // a copy: the states move only in advance()
            const auto len = int64_t(x.size()) / c.dim;
            if (tapLayer < 0) {
                tf_.head(x.data(), len, logits);
            } else {
                KvCache cache = tf_.newCache(1, len, 1);
                tf_.runLayer(b, x.data(), len, cache, 0);
            }
            job.report(double(w + 1) / double(hidden_->windows()), stage);
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
        if (it == byTap.end() || !it->second) throw Error(model_.path, "tensor '" + taps_[i].weight->name + "': its input was never observed");
        out.insert_or_assign(taps_[i].weight->name, shared ? *it->second : std::move(*it->second));
    }
    return out;
}

void LlmBlockInputs::advance(int64_t b, const LayerWeights& weights, const JobContext& job) {
    if (b != next_ || b >= blocks()) throw Error(model_.path, "block " + std::to_string(b) + " advanced out of order");
    bindPart(b); // `weights` may point into it (the model's own weights)
    const LayerWeights original = tf_.layerWeights(b);
    tf_.layerWeights(b) = weights;
    std::vector<float> x;
    try {
        for (size_t w = 0; w < hidden_->windows(); ++w) {
            job.checkCancel();
            hidden_->read(w, x);
            const auto len = int64_t(x.size()) / tf_.config().dim;
            KvCache cache = tf_.newCache(1, len, 1);
            tf_.runLayer(b, x.data(), len, cache, 0);
            hidden_->write(w, x);
        }
    } catch (...) {
        tf_.layerWeights(b) = original;
        throw;
    }
    tf_.layerWeights(b) = original;
    ++next_;
}

std::unique_ptr<LlmBlockInputs> textBlockInputs(const Model& m, const std::string& textPath, const CalibrationSettings& s,
                                                const JobContext& job, const MemoryBudget& budget) {
    if (!m.llama)
        throw Error(m.path, "GPTQ, AWQ and SmoothQuant take their inputs from language-model calibration; "
                            "use method rtn for '" + m.architecture + "'");
    if (std::filesystem::path(textPath).extension() != ".txt")
        throw Error(textPath.empty() ? m.path : textPath, "GPTQ, AWQ and SmoothQuant need calibration text (a .txt file)");
    const BpeTokenizer tok = loadTokenizer(m);
    const TextDataset text = loadTextDataset(textPath, tok);
    job.checkCancel();
    return std::make_unique<LlmBlockInputs>(m, text.tokens, tok.bos(), s, LayerInputOptions{}, budget);
}

} // namespace qb::quant
