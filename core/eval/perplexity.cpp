#include "core/eval/perplexity.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <Eigen/Core>

#include "core/datasets/text_dataset.h"
#include "core/util/error.h"

namespace qb {

namespace {

// log softmax(row)[target]; `tmp` is scratch of vocab floats.
double logProb(const float* row, int64_t vocab, int32_t target, Eigen::ArrayXf& tmp) {
    const Eigen::Map<const Eigen::ArrayXf> r(row, vocab);
    const float mx = r.maxCoeff();
    tmp = (r - mx).exp();
    return double(row[target]) - mx - std::log(double(tmp.sum()));
}

double allMatmulSeconds(const Transformer& t) { return t.matmulSeconds() + t.attentionMatmulSeconds(); }

} // namespace

PerplexityResult evaluatePerplexity(Transformer& model, std::span<const int32_t> tokens, int32_t bos,
                                    const PerplexityOptions& options, const JobContext& ctx, const std::string& where) {
    const auto start = std::chrono::steady_clock::now();
    const int64_t context = options.context, vocab = model.config().vocab;
    if (context > model.config().maxSeqLen)
        throw Error(where, "context of " + std::to_string(context) + " tokens exceeds the model's maximum of " +
                               std::to_string(model.config().maxSeqLen));
    const auto chunks = textChunks(tokens, context, where);
    const double matmulBefore = allMatmulSeconds(model);

    PerplexityResult r;
    r.windows = int64_t(chunks.size());
    r.logProbs.reserve(tokens.size() - 1);
    double nll = 0;
    const auto perBatch = size_t(std::max<int64_t>(1, options.batchTokens / context));
    std::vector<int32_t> input;
    std::vector<float> logits;
    Eigen::ArrayXf tmp(vocab);
    for (size_t first = 0; first < chunks.size();) {
        ctx.checkCancel();
        // Windows of equal length share a batch; only the last chunk can be shorter.
        const size_t len = chunks[first].size();
        size_t count = 1;
        while (count < perBatch && first + count < chunks.size() && chunks[first + count].size() == len) ++count;
        const auto seqLen = int64_t(len) + 1;
        input.clear();
        for (size_t b = 0; b < count; ++b) {
            input.push_back(bos);
            input.insert(input.end(), chunks[first + b].begin(), chunks[first + b].end());
        }
        KvCache cache = model.newCache(int64_t(count), seqLen);
        model.forward(input, cache, logits);
        for (size_t b = 0; b < count; ++b)
            for (int64_t t = 0; t + 1 < seqLen; ++t) {
                const int64_t row = int64_t(b) * seqLen + t;
                const double lp = logProb(logits.data() + row * vocab, vocab, input[size_t(row + 1)], tmp);
                r.logProbs.push_back(float(lp));
                nll -= lp;
            }
        first += count;
        ctx.report(double(first) / double(chunks.size()), "perplexity: window " + std::to_string(first) + "/" +
                                                              std::to_string(chunks.size()));
    }
    r.tokens = int64_t(r.logProbs.size());
    r.meanNll = nll / double(r.tokens);
    r.perplexity = std::exp(r.meanNll);
    r.matmulSeconds = allMatmulSeconds(model) - matmulBefore;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace qb
