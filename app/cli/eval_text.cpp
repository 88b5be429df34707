#include "app/cli/eval_text.h"
#include "app/cli/error_boundary.h"
#include "app/cli/project_model.h"

#include <cstdio>
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/eval/perplexity.h"
#include "core/datasets/text_dataset.h"
#include "core/quant/apply_quantized.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

constexpr int64_t kDefaultContext = 512;
constexpr int64_t kSampleTokens = 40;

} // namespace

bool isTextData(const std::string& data) { return std::filesystem::path(data).extension() == ".txt"; }

int runTextEval(const TextEvalOptions& o) {
    return reportErrors(o.model, [&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const EvalModel quantized = openForEval(o.model);
        const Model& m = quantized.model;
        if (!m.llama)
            throw Error(o.model, "text data needs a llama-family language model (this is '" + m.architecture + "')");
        const BpeTokenizer tok = loadTokenizer(m);
        TextDataset data = loadTextDataset(o.data, tok);
        Transformer model(m);
        // W8A8 / SmoothQuant layers: their inputs are divided by the smoothing scales and
        // fake-quantized to the calibrated grid before each matmul.
        if (!quantized.int8Layers.empty()) model.setInputTransform(quant::llmInputTransform(m, quantized.int8Layers));
        const int64_t context = o.context > 0 ? o.context : std::min(kDefaultContext, m.llama->maxSeqLen);
        if (o.limit > 0 && context > 1) {
            const auto keep = uint64_t(o.limit) * uint64_t(context - 1) + 1;
            if (keep < data.tokens.size()) data.tokens.resize(size_t(keep));
        }
        JobContext job;
        int lastDecile = -1;
        job.progress = [&](double f, std::string_view stage) {
            if (int(f * 10) == lastDecile) return; // one line per 10%
            lastDecile = int(f * 10);
            std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
        };
        const PerplexityResult r = evaluatePerplexity(model, data.tokens, tok.bos(), {.context = context}, job, o.model);
        const std::vector<int32_t> bos{tok.bos()};
        const std::string sample = tok.decode(model.generateGreedy(bos, std::min(kSampleTokens, m.llama->maxSeqLen - 1)));
        const double throughput = r.seconds > 0 ? double(r.tokens) / r.seconds : 0.0;
        if (o.json) {
            const nlohmann::json j{{"metric", "perplexity"},  {"value", r.perplexity},   {"mean_nll", r.meanNll},
                                   {"tokens", r.tokens},       {"samples", r.windows},    {"context", context},
                                   {"seconds", r.seconds},     {"throughput", throughput},
                                   {"matmul_seconds", r.matmulSeconds}, {"sample", sample},
                                   {"quantized", quantized.quantized},
                                   {"act_quantized_layers", quantized.int8Layers.size()}};
            std::cout << j.dump(2) << "\n";
        } else {
            std::printf("%s on %s (context %lld)\n  perplexity  %.4f (mean NLL %.4f nats/token)\n"
                        "  %lld tokens in %lld windows, %.2f s, %.0f tokens/s\n  greedy sample: %s\n",
                        o.model.c_str(), o.data.c_str(), static_cast<long long>(context), r.perplexity, r.meanNll,
                        static_cast<long long>(r.tokens), static_cast<long long>(r.windows), r.seconds, throughput,
                        sample.c_str());
        }
        return 0;
    });
}

} // namespace qb::cli
