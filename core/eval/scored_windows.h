// The one window loop of language-model evaluation: perplexity and the sensitivity measurement
// both score text this way, so their figures are over the same positions.
#pragma once
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "core/llm/transformer.h"
#include "core/util/job.h"

namespace qb {

/// Windows [first, first + count) of one batched forward: windows of equal length, about
/// `batchTokens` tokens (BOS included) in all.
struct WindowBatch {
    size_t first = 0, count = 0;
};

/// forEachScoredToken's batches, in order.
inline std::vector<WindowBatch> windowBatches(std::span<const std::span<const int32_t>> windows, int64_t batchTokens) {
    std::vector<WindowBatch> out;
    if (windows.empty()) return out;
    const auto perBatch = size_t(std::max<int64_t>(1, batchTokens / int64_t(windows[0].size() + 1)));
    for (size_t first = 0; first < windows.size();) {
        const size_t len = windows[first].size();
        size_t count = 1;
        while (count < perBatch && first + count < windows.size() && windows[first + count].size() == len) ++count;
        out.push_back({first, count});
        first += count;
    }
    return out;
}

/// Runs `windows` (textChunks of the text) through `model`, each fed as `bos` + window with a
/// fresh KV cache. Windows of equal length share one batched forward of about `batchTokens`
/// tokens (only the last window can be shorter). For every scored position, in text order,
/// calls take(const float* logits, int32_t target): the row of vocab logits and the next token.
/// After each batch calls done(windowsDone). Throws qb::Cancelled if ctx is cancelled.
template <class Take, class Done>
void forEachScoredToken(Transformer& model, std::span<const std::span<const int32_t>> windows, int32_t bos,
                        int64_t batchTokens, const JobContext& ctx, Take&& take, Done&& done) {
    const int64_t vocab = model.config().vocab;
    std::vector<int32_t> input;
    std::vector<float> logits;
    for (const auto [first, count] : windowBatches(windows, batchTokens)) {
        ctx.checkCancel();
        const auto seqLen = int64_t(windows[first].size()) + 1;
        input.clear();
        for (size_t b = 0; b < count; ++b) {
            input.push_back(bos);
            input.insert(input.end(), windows[first + b].begin(), windows[first + b].end());
        }
        KvCache cache = model.newCache(int64_t(count), seqLen);
        model.forward(input, cache, logits);
        for (size_t b = 0; b < count; ++b)
            for (int64_t t = 0; t + 1 < seqLen; ++t) {
                const int64_t row = int64_t(b) * seqLen + t;
                take(logits.data() + row * vocab, input[size_t(row + 1)]);
            }
        done(first + count);
    }
}

} // namespace qb
