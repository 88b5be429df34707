// quantbench-cli eval: top-1/top-5 of a classifier on image data, or perplexity and a greedy
// sample of a language model on a .txt file; a project runs with its quantization applied.
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "app/cli/commands.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/open_input.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

void printClassifier(const EvalOptions& o, const pipeline::EvaluationReport& r, bool quantized) {
    const TopKCounter& c = r.classifier->counts;
    if (o.json) {
        std::cout << nlohmann::json{{"metric", "top1"},       {"value", c.top1Rate()},
                                    {"top5", c.top5Rate()},   {"samples", c.samples},
                                    {"correct", c.top1},      {"seconds", r.seconds()},
                                    {"throughput", r.throughput()}, {"quantized", quantized},
                                    {"int8_layers", r.activationLayers}}
                         .dump(2)
                  << "\n";
        return;
    }
    std::printf("%s on %s\n  top-1  %.2f%% (%lld/%lld)\n  top-5  %.2f%%\n  %.2f s, %.0f samples/s\n", o.model.c_str(),
                o.data.path.c_str(), 100.0 * c.top1Rate(), static_cast<long long>(c.top1),
                static_cast<long long>(c.samples), 100.0 * c.top5Rate(), r.seconds(), r.throughput());
}

void printLanguage(const EvalOptions& o, const pipeline::EvaluationReport& r, bool quantized) {
    const PerplexityResult& p = *r.language;
    if (o.json) {
        std::cout << nlohmann::json{{"metric", "perplexity"},  {"value", p.perplexity},   {"mean_nll", p.meanNll},
                                    {"tokens", p.tokens},       {"samples", p.windows},    {"context", r.context},
                                    {"seconds", p.seconds},     {"throughput", r.throughput()},
                                    {"matmul_seconds", p.matmulSeconds}, {"sample", r.sample},
                                    {"quantized", quantized},   {"act_quantized_layers", r.activationLayers}}
                         .dump(2)
                  << "\n";
        return;
    }
    std::printf("%s on %s (context %lld)\n  perplexity  %.4f (mean NLL %.4f nats/token)\n"
                "  %lld tokens in %lld windows, %.2f s, %.0f tokens/s\n  greedy sample: %s\n",
                o.model.c_str(), o.data.path.c_str(), static_cast<long long>(r.context), p.perplexity, p.meanNll,
                static_cast<long long>(p.tokens), static_cast<long long>(p.windows), p.seconds, r.throughput(),
                r.sample.c_str());
}

} // namespace

int runEval(const EvalOptions& o) {
    CliJob job(o.model);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const pipeline::OpenedInput in = pipeline::openInput(o.model);
        const ProjectQuantization* q = in.project && in.project->quantization ? &*in.project->quantization : nullptr;
        if (in.project)
            if (const std::string w = pipeline::preparationMismatch(*in.project, *in.model, o.data.spec()); !w.empty())
                std::cerr << "warning: " << o.model << ": " << w << "\n";
        pipeline::EvaluateOptions options;
        options.limit = o.limit;
        const pipeline::EvaluationReport r = pipeline::evaluate(in.model, q, o.data.spec(), options, job.context());
        if (r.classifier) {
            printClassifier(o, r, q != nullptr);
        } else {
            printLanguage(o, r, q != nullptr);
        }
        return 0;
    });
}

} // namespace qb::cli
