#include "core/eval/perplexity.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <Eigen/Core>

#include "core/datasets/text_dataset.h"
#include "core/eval/scored_windows.h"
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
    Eigen::ArrayXf tmp(vocab);
    forEachScoredToken(
        model, chunks, bos, options.batchTokens, ctx,
        [&](const float* row, int32_t target) {
            const double lp = logProb(row, vocab, target, tmp);
            r.logProbs.push_back(float(lp));
            nll -= lp;
        },
        [&](size_t done) {
            ctx.report(double(done) / double(chunks.size()),
                       "perplexity: window " + std::to_string(done) + "/" + std::to_string(chunks.size()));
        });
    r.tokens = int64_t(r.logProbs.size());
    r.meanNll = nll / double(r.tokens);
    r.perplexity = std::exp(r.meanNll);
    r.matmulSeconds = allMatmulSeconds(model) - matmulBefore;
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
}

std::vector<double> windowNll(Transformer& model, std::span<const std::span<const int32_t>> windows, int32_t bos,
                              const JobContext& ctx, int64_t batchTokens) {
    const int64_t vocab = model.config().vocab;
    std::vector<double> nll(windows.size(), 0.0);
    Eigen::ArrayXf tmp(vocab);
    // Scored positions arrive in text order: window w's are its size() tokens.
    size_t w = 0, seen = 0;
    forEachScoredToken(
        model, windows, bos, batchTokens, ctx,
        [&](const float* row, int32_t target) {
            while (seen == windows[w].size()) ++w, seen = 0;
            nll[w] -= logProb(row, vocab, target, tmp);
            ++seen;
        },
        [](size_t) {});
    for (size_t k = 0; k < windows.size(); ++k) nll[k] /= double(std::max<size_t>(1, windows[k].size()));
    return nll;
}

} // namespace qb
