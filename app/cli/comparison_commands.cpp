#include "app/cli/comparison_commands.h"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "core/datasets/npy_file.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/compare_report.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/run_outputs.h"
#include "core/quant/plan.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

struct RunOptions {
    std::string model, out;
    DataOptions data;
    int64_t limit = 0;
    int threads = 0;
    bool json = false;
};

int runRun(const RunOptions& o) {
    CliJob job(o.model, o.out);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const pipeline::OpenedInput in = pipeline::openInput(o.model);
        const ProjectQuantization* q = in.project && in.project->quantization ? &*in.project->quantization : nullptr;
        const pipeline::RawOutputs r = pipeline::runModel(in.model, q, o.data.spec(), o.limit, job.context());
        job.context().checkCancel();
        writeNpy(o.out, r.values, r.shape);
        if (o.json) {
            std::cout << nlohmann::json{{"output", o.out},      {"samples", r.samples()}, {"shape", r.shape},
                                        {"seconds", r.seconds}, {"quantized", q != nullptr}}
                             .dump(2)
                      << "\n";
        } else {
            std::string shape;
            for (const int64_t d : r.shape) shape += (shape.empty() ? "" : "x") + std::to_string(d);
            std::printf("%s: %lld samples, outputs %s, %.2f s\n", o.out.c_str(), static_cast<long long>(r.samples()),
                        shape.c_str(), r.seconds);
        }
        return 0;
    });
}

struct CompareOptions {
    std::string model;
    std::vector<std::string> plans;
    std::string report;
    DataOptions data;
    int64_t limit = 0, samples = 10, layerSamples = 4, latencySamples = 16, generate = 32, kernelSamples = 8;
    std::vector<std::string> prompts;
    int threads = 0;
    bool json = false, kernels = false;
};

// JSON has no infinity: an exact run's SQNR is null.
nlohmann::json db(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json runJson(const pipeline::RunFigures& r, const pipeline::RunFigures& fp32) {
    return {{"name", r.name},
            {"metric", r.metric},
            {"value", r.value},
            {"kl", r.agreement.kl},
            {"top1_agreement", r.agreement.top1Agreement},
            {"sqnr_db", db(r.agreement.sqnrDb)},
            {"cosine", r.agreement.cosine},
            {"bits_per_weight", r.bitsPerWeight},
            {"size_bytes", r.sizeBytes},
            {"latency_ms", r.latencyMs},
            {"throughput", r.throughput},
            {"samples", r.samples},
            {"delta",
             {{"value", r.value - fp32.value},
              {"kl", r.agreement.kl - fp32.agreement.kl},
              {"top1_agreement", r.agreement.top1Agreement - fp32.agreement.top1Agreement},
              {"bits_per_weight", r.bitsPerWeight - fp32.bitsPerWeight},
              {"size_bytes", double(r.sizeBytes) - double(fp32.sizeBytes)},
              {"latency_ms", r.latencyMs - fp32.latencyMs},
              {"throughput", r.throughput - fp32.throughput},
              {"speedup", fp32.throughput > 0 ? r.throughput / fp32.throughput : 0.0}}}};
}

nlohmann::json detailJson(const pipeline::VariantDetail& d, int64_t samples) {
    nlohmann::json layers = nlohmann::json::array(), records = nlohmann::json::array();
    for (const auto& l : d.layers)
        layers.push_back({{"name", l.name}, {"sqnr_db", db(l.accumulatedDb)}, {"local_sqnr_db", db(l.localDb)},
                          {"quantized", l.quantized}});
    for (size_t k = 0; k < d.samples.size() && int64_t(k) < samples; ++k) {
        const auto& s = d.samples[k];
        const auto top = [](const std::vector<std::pair<int64_t, float>>& v) {
            nlohmann::json a = nlohmann::json::array();
            for (const auto& [c, p] : v) a.push_back({{"class", c}, {"probability", p}});
            return a;
        };
        nlohmann::json record{{"index", s.index}, {"label", s.label}, {"kl", s.kl}, {"agrees", s.agrees},
                              {"reference_logprob", s.referenceLogProb}, {"candidate_logprob", s.candidateLogProb},
                              {"fp32", top(s.reference)}, {"quantized", top(s.candidate)}};
        if (!s.text.empty()) record["text"] = s.text;
        records.push_back(std::move(record));
    }
    return {{"per_layer", layers}, {"samples", records}};
}

// Language models: each prompt's continuation per run; diverges_at is null where a run agrees with
// fp32 throughout.
nlohmann::json generationsJson(const pipeline::Comparison& c) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& g : c.generations) {
        nlohmann::json runs = nlohmann::json::array();
        for (size_t r = 0; r < g.runs.size() && r < c.runs.size(); ++r) {
            const auto& t = g.runs[r];
            runs.push_back({{"name", c.runs[r].name},
                            {"text", t.text()},
                            {"tokens", t.tokens},
                            {"diverges_at", t.divergesAt >= 0 ? nlohmann::json(t.divergesAt) : nlohmann::json(nullptr)}});
        }
        out.push_back({{"prompt", g.prompt}, {"prompt_tokens", g.promptTokens}, {"runs", runs}});
    }
    return out;
}

void printGenerations(const pipeline::Comparison& c) {
    if (c.generations.empty()) return;
    std::printf("\nGreedy generations ('|' marks the first token that differs from fp32's)\n");
    for (size_t p = 0; p < c.generations.size(); ++p) {
        const auto& g = c.generations[p];
        std::printf("prompt %zu: \"%s\"\n", p + 1, g.prompt.c_str());
        for (size_t r = 0; r < g.runs.size() && r < c.runs.size(); ++r) {
            const auto& t = g.runs[r];
            std::string text;
            for (size_t k = 0; k < t.pieces.size(); ++k) text += (int64_t(k) == t.divergesAt ? "|" : "") + t.pieces[k];
            std::string note;
            if (r > 0) note = t.divergesAt >= 0 ? "  (differs from token " + std::to_string(t.divergesAt + 1) + " of " + std::to_string(t.tokens.size()) + ")" : "  (same as fp32)";
            std::printf("  %-28s %s%s\n", c.runs[r].name.c_str(), text.c_str(), note.c_str());
        }
    }
}

// The kernel table's rows and what they ran on (compare's `kernels` and `kernel_summary`).
nlohmann::json kernelsJson(const pipeline::KernelTable& t) {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : t.rows) {
        const auto side = [](const std::string& impl, const std::string& precision, double ms, double best, double primitive) {
            return impl.empty() ? nlohmann::json(nullptr)
                                : nlohmann::json{{"impl", impl}, {"precision", precision}, {"ms", ms}, {"best_ms", best},
                                                 {"primitive_ms", primitive}};
        };
        nlohmann::json q = side(r.impl, r.precision, r.ms, r.bestMs, r.primitiveMs);
        if (!q.is_null()) q["reorders"] = r.reorders;
        rows.push_back({{"node", r.node}, {"op", r.op}, {"depthwise", r.depthwise}, {"int8", r.int8}, {"shape", r.shape},
                        {"fp32", side(r.fp32Impl, r.fp32Precision, r.fp32Ms, r.fp32BestMs, r.fp32PrimitiveMs)}, {"quantized", q},
                        {"ratio", r.ratio()}, {"slower", r.slower()}});
    }
    nlohmann::json slowest = nlohmann::json::array();
    for (const auto* r : pipeline::slowestRows(t, 3)) slowest.push_back(pipeline::explainKernel(*r));
    return {{"kernels", rows},
            {"kernel_summary",
             {{"isa", t.isa}, {"threads", t.threads}, {"samples", t.samples}, {"fp32_ms", t.fp32Ms},
              {"quantized_ms", t.quantizedMs}, {"fp32_nodes_best_ms", t.fp32NodesMs()},
              {"quantized_nodes_best_ms", t.nodesMs()}, {"slowest", slowest}}}};
}

void printKernels(const pipeline::KernelTable& t, const std::string& run) {
    if (t.empty()) return;
    std::printf("%s: kernels per node, batch 1 over %lld samples (ISA %s, %d threads; fp32 %.3f ms, quantized %.3f ms per "
                "sample; the nodes at their fastest %.3f and %.3f ms)\n",
                run.c_str(), static_cast<long long>(t.samples), t.isa.c_str(), t.threads, t.fp32Ms, t.quantizedMs,
                t.fp32NodesMs(), t.nodesMs());
    std::printf("  %-24s %-18s %-26s %9s %-32s %-12s %9s %7s\n", "node", "op", "fp32 kernel", "best ms", "quantized kernel",
                "precision", "best ms", "ratio");
    for (const auto& r : t.rows)
        std::printf("  %-24s %-18s %-26s %9.4f %-32s %-12s %9.4f %6.2fx%s\n", r.node.c_str(),
                    (r.depthwise ? "depthwise " + r.op : r.op).c_str(), r.fp32Impl.empty() ? "-" : r.fp32Impl.c_str(),
                    r.fp32BestMs, r.impl.empty() ? "-" : r.impl.c_str(), r.precision.empty() ? "-" : r.precision.c_str(), r.bestMs,
                    r.ratio(), r.slower() ? "  slower" : "");
    for (const auto* r : pipeline::slowestRows(t, 3)) std::printf("  slower: %s\n", pipeline::explainKernel(*r).c_str());
}

void printText(const pipeline::Comparison& c, const CompareOptions& o) {
    std::printf("%-28s %8s %10s %10s %9s %8s %6s %10s %9s %11s\n", "run", "metric", "value", "KL", "top-1 agr",
                "SQNR dB", "bpw", "size", "ms/sample", "samples/s");
    for (const auto& r : c.runs)
        std::printf("%-28s %8s %10.4f %10.3g %8.2f%% %8.1f %6.2f %10llu %9.3f %11.0f\n", r.name.c_str(),
                    r.metric.empty() ? "-" : r.metric.c_str(), r.value, r.agreement.kl, 100.0 * r.agreement.top1Agreement,
                    std::isfinite(r.agreement.sqnrDb) ? r.agreement.sqnrDb : 999.0, r.bitsPerWeight,
                    static_cast<unsigned long long>(r.sizeBytes), r.latencyMs, r.throughput);
    for (size_t v = 0; v < c.details.size(); ++v) {
        const auto& d = c.details[v];
        std::printf("\n%s: largest KL first\n", c.runs[v + 1].name.c_str());
        for (size_t k = 0; k < d.samples.size() && int64_t(k) < o.samples; ++k) {
            const auto& s = d.samples[k];
            std::printf("  sample %-6lld label %-5lld KL %-10.3g fp32 %lld (%.3f)  quantized %lld (%.3f)%s\n",
                        static_cast<long long>(s.index), static_cast<long long>(s.label), s.kl,
                        static_cast<long long>(s.reference[0].first), s.reference[0].second,
                        static_cast<long long>(s.candidate[0].first), s.candidate[0].second, s.agrees ? "" : "  differs");
        }
        if (!d.layers.empty()) std::printf("%s: output SQNR per layer (dB), whole plan / this layer alone\n", c.runs[v + 1].name.c_str());
        for (const auto& l : d.layers)
            std::printf("  %-40s %8.2f %8.2f%s\n", l.name.c_str(), std::isfinite(l.accumulatedDb) ? l.accumulatedDb : 999.0,
                        std::isfinite(l.localDb) ? l.localDb : 999.0, l.quantized ? "" : "  (fp32)");
        if (o.kernels) printKernels(d.kernels, c.runs[v + 1].name);
    }
    printGenerations(c);
}

int runCompare(const CompareOptions& o) {
    CliJob job(o.model, o.report);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const pipeline::OpenedInput in = pipeline::openInput(o.model);
        const pipeline::DataSpec data = o.data.spec();
        std::vector<pipeline::CompareVariant> variants;
        if (in.project && in.project->quantization) variants.push_back({o.model, *in.project->quantization});
        if (in.project)
            if (const std::string w = pipeline::preparationMismatch(*in.project, *in.model, data); !w.empty())
                std::cerr << "warning: " << o.model << ": " << w << "\n";
        for (const std::string& plan : o.plans) {
            pipeline::QuantizeRequest req;
            req.plan = quant::readPlan(plan);
            req.planSource = plan;
            req.data = data;
            job.context().report(0, "quantizing by " + plan);
            auto r = pipeline::quantize(in.model, in.project, req, job.context());
            variants.push_back({plan, std::move(*r.project.quantization)});
        }
        if (variants.empty()) throw Error(o.model, "nothing to compare with fp32: give --plan, or a quantized project");
        const pipeline::Comparison c = pipeline::compareRuns(
            in.model, variants, data,
            {.limit = o.limit, .latencySamples = o.latencySamples, .layerSamples = o.layerSamples,
             .generateTokens = o.generate, .prompts = o.prompts, .kernelSamples = o.kernelSamples},
            job.context());
        if (!o.report.empty()) writeComparisonHtml(o.report, c, {.model = o.model, .data = o.data.path, .samples = o.samples});
        if (o.json) {
            nlohmann::json runs = nlohmann::json::array();
            for (const auto& r : c.runs) runs.push_back(runJson(r, c.runs[0]));
            for (size_t v = 0; v < c.details.size(); ++v) {
                runs[v + 1].update(detailJson(c.details[v], o.samples));
                runs[v + 1].update(kernelsJson(c.details[v].kernels));
            }
            nlohmann::json doc{{"model", o.model}, {"data", o.data.path}, {"runs", runs}};
            if (!o.report.empty()) doc["report"] = o.report;
            // The first quantized run's table at the top, as the contract names it.
            doc.update(detailJson(c.details[0], o.samples));
            if (!c.generations.empty()) doc["generations"] = generationsJson(c);
            doc.update(kernelsJson(c.details[0].kernels));
            std::cout << doc.dump(2) << "\n";
        } else {
            printText(c, o);
        }
        return 0;
    });
}

} // namespace

std::function<int()> addComparisonCommands(CLI::App& app, void (*preparation)(CLI::App*, DataOptions&)) {
    auto ro = std::make_shared<RunOptions>();
    auto* ru = app.add_subcommand("run", "Run a model (or a project with its quantization) on data and write its raw outputs to a .npy file");
    ru->add_option("model", ro->model, "Model file or folder, or a project (.qbproj) whose quantization is applied")->required();
    ru->add_option("--data", ro->data.path, "Input data: as eval's --data; labels are not needed (a bare .npy works)")->required();
    ru->add_option("--out", ro->out, "The .npy file to write: images [samples, output dims...], text [tokens, vocab] logits")->required();
    ru->add_option("--limit", ro->limit, "Run only the first N samples (text: windows)")->check(CLI::NonNegativeNumber);
    preparation(ru, ro->data);
    ru->add_option("--threads", ro->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    ru->add_flag("--json", ro->json, "Print one JSON document on stdout");

    auto co = std::make_shared<CompareOptions>();
    auto* cm = app.add_subcommand("compare", "Compare fp32 with quantized plans on the same data: metric, KL, top-1 agreement, output SQNR, size, speed; per sample and per layer");
    cm->add_option("model", co->model, "Model file or folder, or a project (its calibration is reused; a quantized project is compared too)")->required();
    cm->add_option("--data", co->data.path, "Data: as eval's --data; labels are needed only for the metric")->required();
    cm->add_option("--plan", co->plans, "Plan file (JSON) to quantize by and compare; repeat for several");
    cm->add_option("--limit", co->limit, "Use only the first N samples (text: windows)")->check(CLI::NonNegativeNumber);
    cm->add_option("--report", co->report, "Also write a self-contained HTML report (tables and SVG plots, no network)");
    cm->add_option("--samples", co->samples, "Per-sample records to print, largest KL first (default 10)")->check(CLI::NonNegativeNumber);
    cm->add_option("--layer-samples", co->layerSamples, "Images (text: windows) the per-layer SQNR runs on (default 4; 0: no per-layer table)")->check(CLI::NonNegativeNumber);
    cm->add_option("--generate", co->generate, "Language models: tokens fp32 and each run generate greedily per prompt, side by side (default 32; 0: none)")->check(CLI::NonNegativeNumber);
    cm->add_option("--prompt", co->prompts, "Language models: a prompt to generate from; repeat for several (default: the first tokens of the first 3 windows of --data)");
    cm->add_option("--latency-samples", co->latencySamples, "Samples timed one at a time for the batch-1 latency (default 16)")->check(CLI::NonNegativeNumber);
    cm->add_option("--kernel-samples", co->kernelSamples, "Samples each run is profiled on, one at a time, for the kernel table (default 8; 0: none)")->check(CLI::NonNegativeNumber);
    cm->add_flag("--kernels", co->kernels, "Print the kernel table: per node the oneDNN implementation, precision and time in fp32 and quantized");
    preparation(cm, co->data);
    cm->add_option("--threads", co->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    cm->add_flag("--json", co->json, "Print one JSON document on stdout");

    return [ru, ro, cm, co]() -> int {
        if (*ru) return runRun(*ro);
        if (*cm) return runCompare(*co);
        return -1;
    };
}

} // namespace qb::cli
