#include "app/cli/planning_commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "core/formats/project_file.h"
#include "core/pipeline/latency.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/sensitivity.h"
#include "core/quant/auto_plan.h"
#include "core/quant/latency_model.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

struct SensitivityOptions {
    std::vector<std::string> inputs; ///< the project, or the parts with --merge
    bool merge = false, asym = false;
    DataOptions data;
    std::string bits = "8,6,5,4,3", groups, shard, out, method = "rtn", scaleBits = "16";
    int64_t limit = 8, samples = 64;
    uint64_t seed = 0;
    int threads = 0;
    bool json = false;
};

struct PlanOptions {
    std::string project, out, objective = "kl";
    double budgetBpw = 0, budgetMb = 0, latencyMs = 0;
    int threads = 0;
    bool json = false, save = false;
};

struct LatencyOptions {
    std::string input, out;
    int64_t tokens = 0, repetitions = 20;
    int threads = 0;
    bool force = false, json = false;
};

// Thrown for a usage problem found after parsing: exit code 2.
struct Usage {
    std::string what;
};

std::vector<int> parseBits(const std::string& text) {
    std::vector<int> out;
    for (const float v : pipeline::parseNumberList("--bits", text)) {
        if (v != std::floor(v) || v < quant::kMinBits || v > quant::kMaxBits)
            throw Usage{"--bits: " + text + " is not a list of whole bit widths " + std::to_string(quant::kMinBits) +
                        ".." + std::to_string(quant::kMaxBits)};
        out.push_back(int(v));
    }
    return out;
}

// Group sizes, "channel" (or 0) and "tensor", comma-separated.
std::vector<int64_t> parseGroups(const std::string& text) {
    std::vector<int64_t> out;
    if (text.empty()) return out;
    size_t start = 0;
    for (;;) {
        const size_t end = text.find(',', start);
        const std::string item = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
        if (item == "channel") out.push_back(pipeline::kPerChannel);
        else if (item == "tensor") out.push_back(pipeline::kPerTensor);
        else
            for (const float g : pipeline::parseNumberList("--groups", item)) {
                if (g != std::floor(g) || g < 0) throw Usage{"--groups: '" + item + "' is not a group size, channel or tensor"};
                out.push_back(int64_t(g));
            }
        if (end == std::string::npos) return out;
        start = end + 1;
    }
}

// "I/N" with 0 <= I < N.
std::pair<int64_t, int64_t> parseShard(const std::string& text) {
    const auto slash = text.find('/');
    try {
        size_t a = 0, b = 0;
        const long long i = std::stoll(text.substr(0, slash), &a), n = std::stoll(text.substr(slash + 1), &b);
        if (slash != std::string::npos && a == slash && b == text.size() - slash - 1 && n >= 1 && i >= 0 && i < n)
            return {i, n};
    } catch (const std::exception&) {
    }
    throw Usage{"--shard: '" + text + "' is not I/N with 0 <= I < N"};
}

nlohmann::json entryJson(const SensitivityEntry& e) {
    const quant::Scheme& s = quant::scheme(e.scheme);
    return {{"name", e.layer},           {"scheme", e.scheme},
            {"bits", s.bits},            {"delta", e.kl},
            {"kl", e.kl},                {"metric_delta", e.metricDelta}, // NaN and infinities: null
            {"sqnr_db", e.sqnrDb}, {"output_error", e.outputError},
            {"hessian_trace", e.hessianTrace},   {"imatrix_error", e.imatrixError}};
}

void printSensitivity(const SensitivityOptions& o, const std::string& output, const ProjectSensitivity& s,
                      double seconds) {
    const pipeline::ProxyCorrelation rho = pipeline::proxyCorrelation(s.entries);
    if (o.json) {
        nlohmann::json layers = nlohmann::json::array();
        for (const SensitivityEntry& e : s.entries) layers.push_back(entryJson(e));
        std::cout << nlohmann::json{{"output", output},
                                    {"metric", s.settings.metric},
                                    {"base_metric", s.settings.baseMetric},
                                    {"method", s.settings.method},
                                    {"limit", s.settings.limit},
                                    {"calibration_samples", s.settings.calibrationSamples},
                                    {"calibration_seed", s.settings.calibrationSeed},
                                    {"proxy_source", s.settings.proxySource},
                                    {"shard", std::to_string(s.shardIndex) + "/" + std::to_string(s.shardCount)},
                                    {"seconds", seconds},
                                    {"layers", layers},
                                    {"rank_correlation",
                                     {{"sqnr", rho.sqnr},
                                      {"output_error", rho.outputError},
                                      {"hessian_trace", rho.hessianTrace},
                                      {"imatrix", rho.imatrix}}}}
                         .dump(2)
                  << "\n";
        return;
    }
    const char* metric = s.settings.metric == "perplexity" ? "d ppl" : s.settings.metric == "top1" ? "d top1" : "";
    std::printf("%-32s %-16s %12s %10s %9s %12s %12s %12s\n", "layer", "scheme", "KL", metric, "SQNR dB", "out err",
                "tr(H)|E|^2", "imatrix");
    for (const SensitivityEntry& e : s.entries)
        std::printf("%-32s %-16s %12.4g %10.4g %9.2f %12.4g %12.4g %12.4g\n", e.layer.c_str(), e.scheme.c_str(), e.kl,
                    e.metricDelta, e.sqnrDb, e.outputError, e.hessianTrace, e.imatrixError);
    const std::string calibrated = s.settings.calibrationSamples > 0
                                       ? " calibrated on " + std::to_string(s.settings.calibrationSamples) +
                                             " windows (seed " + std::to_string(s.settings.calibrationSeed) + ")"
                                       : "";
    std::printf("%zu pairs, %s %s %.4f on %lld %s, method %s%s, proxies from %s\n", s.entries.size(),
                s.settings.metric.empty() ? "KL only," : "fp32", s.settings.metric.c_str(), s.settings.baseMetric,
                static_cast<long long>(s.settings.limit), s.settings.metric == "perplexity" ? "windows" : "images",
                s.settings.method.c_str(), calibrated.c_str(), s.settings.proxySource.c_str());
    std::printf("Spearman rank correlation with the measured KL: SQNR (negated) %.3f, output error %.3f, "
                "Hessian trace %.3f, imatrix %.3f\n",
                rho.sqnr, rho.outputError, rho.hessianTrace, rho.imatrix);
    std::printf("%s written in %.2f s\n", output.c_str(), seconds);
}

int runSensitivity(const SensitivityOptions& o) {
    CliJob job(o.inputs.empty() ? std::string("sensitivity") : o.inputs[0], o.out);
    return job.run([&]() -> int {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        const auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
        try {
            if (o.merge) {
                if (o.inputs.empty()) throw Usage{"--merge needs the part projects"};
                if (o.out.empty()) throw Usage{"--merge needs --out"};
                std::vector<Project> parts;
                for (const std::string& p : o.inputs) parts.push_back(readProject(p));
                const Project merged = pipeline::mergeSensitivity(std::move(parts), o.inputs);
                writeProject(o.out, merged, job.context());
                printSensitivity(o, o.out, *merged.sensitivity, elapsed());
                return 0;
            }
            if (o.inputs.size() != 1) throw Usage{"sensitivity takes one project (or model); several only with --merge"};
            if (o.data.path.empty()) throw Usage{"--data is required"};
            pipeline::SensitivityRequest r;
            r.data = o.data.spec();
            r.limit = o.limit;
            r.bits = parseBits(o.bits);
            r.groups = parseGroups(o.groups);
            r.method = o.method;
            r.calibrationSamples = o.samples;
            r.calibrationSeed = o.seed;
            r.asymmetric = o.asym;
            r.scaleBits.clear();
            for (const float b : pipeline::parseNumberList("--scale-bits", o.scaleBits)) {
                if (b != std::floor(b) || !quant::isScaleBits(int64_t(b)))
                    throw Usage{"--scale-bits: " + (b == std::floor(b) ? std::to_string(int64_t(b)) : std::to_string(b)) +
                                " is not 16, 8, 6 or 4"};
                r.scaleBits.push_back(int(b));
            }
            if (!o.shard.empty()) std::tie(r.shardIndex, r.shardCount) = parseShard(o.shard);
            pipeline::OpenedInput in = pipeline::openInput(o.inputs[0], job.context());
            const std::string output = !o.out.empty() ? o.out : in.project ? o.inputs[0] : "";
            if (output.empty()) throw Usage{"--out is required when the input is a model, not a project"};
            if (r.shardCount > 1 && o.out.empty()) throw Usage{"--shard writes its part to --out, not over the project"};
            Project project = in.project ? std::move(*in.project) : pipeline::newProject(*in.model, job.context());
            project.sensitivity = pipeline::measureSensitivity(in.model, project, r, job.context());
            writeProject(output, project, job.context());
            printSensitivity(o, output, *project.sensitivity, elapsed());
            return 0;
        } catch (const Usage& u) {
            std::fprintf(stderr, "error: %s\n", u.what.c_str());
            return 2;
        }
    });
}

// The fp32 plan and the plan with every int8-capable layer W8A8, as the table predicts them.
struct LatencySummary {
    double fp32 = 0, w8a8 = 0;
};
LatencySummary summarize(const ProjectLatency& t) {
    LatencySummary s{t.restMs, t.restMs};
    for (const LayerLatency& l : t.layers) {
        s.fp32 += l.f32Ms;
        s.w8a8 += l.hasInt8() ? l.int8Ms : l.f32Ms;
    }
    return s;
}

void printLatency(const LatencyOptions& o, const std::string& output, const ProjectLatency& t, bool cached) {
    const LatencySummary s = summarize(t);
    if (o.json) {
        nlohmann::json layers = nlohmann::json::array();
        for (const LayerLatency& l : t.layers)
            layers.push_back({{"name", l.layer}, {"f32_ms", l.f32Ms}, {"int8_ms", l.int8Ms}}); // NaN: null
        std::cout << nlohmann::json{{"output", output},
                                    {"cached", cached},
                                    {"cpu", t.key.cpu},
                                    {"isa", t.key.isa},
                                    {"threads", t.key.threads},
                                    {"batch", t.key.batch},
                                    {"repetitions", t.repetitions},
                                    {"f32_total_ms", t.f32TotalMs},
                                    {"int8_total_ms", t.int8TotalMs},
                                    {"rest_ms", t.restMs},
                                    {"predicted_fp32_ms", s.fp32},
                                    {"predicted_w8a8_ms", s.w8a8},
                                    {"layers", layers}}
                         .dump(2)
                  << "\n";
        return;
    }
    std::printf("%-32s %12s %12s\n", "layer", "f32 ms", "int8 ms");
    for (const LayerLatency& l : t.layers) std::printf("%-32s %12.4f %12.4f\n", l.layer.c_str(), l.f32Ms, l.int8Ms);
    std::printf("rest of the model %.4f ms (fp32 total %.4f ms minus the layers); measured pass with every "
                "int8-capable layer W8A8: %.4f ms\n",
                t.restMs, t.f32TotalMs, t.int8TotalMs);
    std::printf("predicted: fp32 %.4f ms, all W8A8 %.4f ms; %s, %s, %d threads, batch %lld, median of %lld passes\n",
                s.fp32, s.w8a8, t.key.cpu.c_str(), t.key.isa.c_str(), t.key.threads,
                static_cast<long long>(t.key.batch), static_cast<long long>(t.repetitions));
    std::printf("%s %s\n", output.c_str(), cached ? "already held a current table (--force measures again)" : "written");
}

int runLatency(const LatencyOptions& o) {
    CliJob job(o.input, o.out);
    return job.run([&]() -> int {
        if (o.threads > 0) setThreadCount(o.threads);
        pipeline::OpenedInput in = pipeline::openInput(o.input, job.context());
        const std::string output = !o.out.empty() ? o.out : in.project ? o.input : "";
        if (output.empty()) {
            std::fprintf(stderr, "error: --out is required when the input is a model, not a project\n");
            return 2;
        }
        pipeline::LatencyRequest r;
        r.tokens = o.tokens;
        r.minRepetitions = o.repetitions;
        r.maxRepetitions = std::max<int64_t>(r.maxRepetitions, o.repetitions);
        Project project = in.project ? std::move(*in.project) : pipeline::newProject(*in.model, job.context());
        const bool cached = !o.force && project.latency && pipeline::latencyIsCurrent(*project.latency, *in.model, r);
        if (!cached) project.latency = pipeline::measureLatency(in.model, project, r, job.context());
        if (!cached || output != o.input) writeProject(output, project, job.context());
        printLatency(o, output, *project.latency, cached);
        return 0;
    });
}

int runPlan(const PlanOptions& o) {
    CliJob job(o.project, o.out);
    return job.run([&]() -> int {
        if (o.threads > 0) setThreadCount(o.threads);
        if ((o.budgetBpw > 0) == (o.budgetMb > 0)) {
            std::fprintf(stderr, "error: give one of --budget-bpw and --budget-mb\n");
            return 2;
        }
        if (o.out.empty() && !o.save) {
            std::fprintf(stderr, "error: give --out PLAN.json, --save, or both\n");
            return 2;
        }
        pipeline::OpenedInput in = pipeline::openInput(o.project, job.context());
        if (!in.project || !in.project->sensitivity)
            throw Error(o.project, "holds no sensitivity table: run quantbench-cli sensitivity on it first");
        const ProjectSensitivity& table = *in.project->sensitivity;
        const Model& model = *in.model;
        const quant::AutoPlanner planner(model, table, table.settings.method, o.project,
                                         o.objective == "metric" ? quant::PlanObjective::Metric : quant::PlanObjective::Kl);
        const uint64_t budget = o.budgetBpw > 0 ? planner.budgetBytes(o.budgetBpw) : uint64_t(o.budgetMb * 1e6);
        // The latency table, when the project holds one measured here (a stale one predicts nothing).
        const ProjectLatency* times =
            in.project->latency && pipeline::latencyIsCurrent(*in.project->latency, model) ? &*in.project->latency : nullptr;
        if (o.latencyMs > 0 && !times)
            throw Error(o.project, in.project->latency ? "its latency table was measured on another machine, ISA or thread "
                                                         "count: run quantbench-cli latency on it again"
                                                       : "holds no latency table: run quantbench-cli latency on it first");
        const quant::AutoPlan plan = o.latencyMs > 0 ? planner.plan(budget, {times, o.latencyMs}) : planner.plan(budget);
        const double predictedMs = times ? quant::predictLatencyMs(*times, model, quant::resolvePlan(plan.plan, model, o.project))
                                         : std::nan("");
        const double fp32Ms = times ? summarize(*times).fp32 : std::nan("");
        // The planner only offers schemes each layer takes; this holds whatever the table says.
        const auto problems = quant::planProblems(plan.plan, model);
        if (!problems.empty()) throw Error(o.out, "the automatic plan has a problem: " + problems[0]);
        if (!o.out.empty()) quant::writePlan(o.out, plan.plan);
        if (o.save) {
            // Into the project, which is replaced only once the new file is complete.
            Project project = *in.project;
            project.plan = quant::planJson(plan.plan);
            writeProject(o.project, project, job.context());
        }
        const auto curve = planner.pareto();
        if (o.json) {
            nlohmann::json layers = nlohmann::json::array(), pareto = nlohmann::json::array(),
                           uniform = nlohmann::json::array();
            for (const quant::PlannedLayer& l : plan.layers)
                layers.push_back({{"name", l.name}, {"scheme", l.scheme->name}, {"bits", l.scheme->bits},
                                  {"act_bits", l.int8 ? quant::kActBits : 0}, {"size_bytes", l.bytes}, {"delta", l.delta}});
            for (const quant::ParetoPoint& p : curve)
                pareto.push_back({{"size_bytes", p.bytes}, {"bits_per_weight", p.bitsPerWeight},
                                  {"predicted_delta", p.predictedDelta}});
            for (const auto& u : planner.uniform())
                uniform.push_back({{"scheme", u.scheme->name}, {"size_bytes", u.point.bytes},
                                   {"bits_per_weight", u.point.bitsPerWeight},
                                   {"predicted_delta", u.point.predictedDelta}});
            std::cout << nlohmann::json{{"output", o.out},
                                        {"saved_in_project", o.save},
                                        {"budget_bytes", budget},
                                        {"bits_per_weight", plan.size.bitsPerWeight()},
                                        {"size_bytes", plan.size.bytes},
                                        {"weights", plan.size.weights},
                                        {"predicted_delta", plan.predictedDelta},
                                        {"predicted_latency_ms", predictedMs}, // null without a current table
                                        {"fp32_latency_ms", fp32Ms},
                                        {"latency_target_ms", o.latencyMs > 0 ? nlohmann::json(o.latencyMs) : nlohmann::json()},
                                        {"objective", o.objective},
                                        {"layers", layers},
                                        {"pareto", pareto},
                                        {"uniform", uniform}}
                             .dump(2)
                      << "\n";
            return 0;
        }
        for (const quant::PlannedLayer& l : plan.layers)
            std::printf("%-32s %-16s%s %10llu B  delta %.4g\n", l.name.c_str(), l.scheme->name.c_str(), l.int8 ? " a8" : "   ",
                        static_cast<unsigned long long>(l.bytes), l.delta);
        std::printf("%s: %.4f bits per weight, %llu bytes of weights (budget %llu), predicted %s %.4g\n",
                    o.out.empty() ? o.project.c_str() : o.save ? (o.out + " and " + o.project).c_str() : o.out.c_str(),
                    plan.size.bitsPerWeight(), static_cast<unsigned long long>(plan.size.bytes),
                    static_cast<unsigned long long>(budget), o.objective.c_str(), plan.predictedDelta);
        if (times) {
            char target[64] = "";
            if (o.latencyMs > 0) std::snprintf(target, sizeof target, ", target %.4g ms", o.latencyMs);
            std::printf("predicted latency %.4f ms (fp32 %.4f ms)%s\n", predictedMs, fp32Ms, target);
        }
        const bool w8a8 = std::any_of(plan.layers.begin(), plan.layers.end(), [](const quant::PlannedLayer& l) { return l.int8; });
        if (w8a8 && in.project->calibration.layers.empty())
            std::printf("note: the a8 (W8A8) layers need calibrated activation ranges: quantize with --data, or calibrate first\n");
        std::printf("Pareto curve (bits per weight: predicted change):");
        for (const quant::ParetoPoint& p : curve) std::printf(" %.3f:%.4g", p.bitsPerWeight, p.predictedDelta);
        std::printf("\nUniform schemes:");
        for (const auto& u : planner.uniform())
            std::printf(" %s %.3f:%.4g", u.scheme->name.c_str(), u.point.bitsPerWeight, u.point.predictedDelta);
        std::printf("\n");
        return 0;
    });
}

} // namespace

std::function<int()> addPlanningCommands(CLI::App& app, void (*preparation)(CLI::App*, DataOptions&)) {
    auto so = std::make_shared<SensitivityOptions>();
    auto* se = app.add_subcommand("sensitivity", "Measure each layer's sensitivity to each candidate scheme (that layer alone quantized; KL against fp32) and store it in the project");
    se->add_option("project", so->inputs, "Project (.qbproj) or model; with --merge, the part projects")->required();
    se->add_flag("--merge", so->merge, "Join the --shard parts given as inputs into --out");
    se->add_option("--data", so->data.path, "Evaluation data: as eval's --data (labels optional)");
    se->add_option("--bits", so->bits, "Candidate bit widths (default 8,6,5,4,3): integer g32 for language models, per channel otherwise, plus the ggml types of those bits");
    se->add_option("--groups", so->groups, "Integer candidates' granularities: group sizes, channel (or 0) and tensor (default 32 for language models, per channel otherwise), e.g. channel,32,64,tensor");
    se->add_flag("--asym", so->asym, "Also the asymmetric integer grids (zero points)");
    se->add_option("--scale-bits", so->scaleBits, "Integer candidates' group scales: 16 (fp16, default) and/or 8, 6, 4 (codes of that many bits under one fp16 scale per tensor, the _s8, _s6, _s4 schemes), e.g. 16,8");
    se->add_option("--limit", so->limit, "Text windows or images to evaluate (default 8)")->check(CLI::PositiveNumber);
    se->add_option("--method", so->method, "rtn (default) or gptq (language models)")->check(CLI::IsMember({"rtn", "gptq"}));
    se->add_option("--samples", so->samples, "GPTQ's calibration windows, chosen as quantize --samples chooses them (default 64, as quantize)")->check(CLI::PositiveNumber);
    se->add_option("--seed", so->seed, "Chooses GPTQ's calibration windows, as quantize --seed (default 0)");
    se->add_option("--shard", so->shard, "Compute only every N-th (layer, scheme) pair from I, into --out");
    se->add_option("--out", so->out, "Project to write (default: update the input project)");
    preparation(se, so->data);
    se->add_option("--threads", so->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    se->add_flag("--json", so->json, "Print one JSON document on stdout");

    auto po = std::make_shared<PlanOptions>();
    auto* pl = app.add_subcommand("plan", "Choose per-layer schemes of least predicted change (the sensitivity table) under a size budget and write the plan JSON");
    pl->add_option("project", po->project, "Project with a sensitivity table")->required();
    auto* bpw = pl->add_option("--budget-bpw", po->budgetBpw, "Average bits per quantizable weight")->check(CLI::PositiveNumber);
    auto* mb = pl->add_option("--budget-mb", po->budgetMb, "Megabytes (10^6 bytes) of quantized weights")->check(CLI::PositiveNumber);
    bpw->excludes(mb);
    pl->add_option("--objective", po->objective, "What a layer's predicted change is: kl (default) or metric (its perplexity increase or top-1 drop)")
        ->check(CLI::IsMember({"kl", "metric"}));
    pl->add_option("--latency-ms", po->latencyMs, "Also keep the predicted latency at most this many milliseconds (needs the project's latency table: quantbench-cli latency)")
        ->check(CLI::PositiveNumber);
    pl->add_option("--out", po->out, "Plan file to write (JSON)");
    pl->add_flag("--save", po->save, "Keep the plan in the project (quantize PROJECT then follows it without --plan)");
    pl->add_option("--threads", po->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    pl->add_flag("--json", po->json, "Print one JSON document on stdout");

    auto lo = std::make_shared<LatencyOptions>();
    auto* la = app.add_subcommand("latency", "Measure each layer's kernel time in f32 and int8 (W8A8) on this machine and keep the table in the project (reused while the machine, ISA and thread count stay the same)");
    la->add_option("project", lo->input, "Project (.qbproj) or model")->required();
    la->add_option("--out", lo->out, "Project to write (default: update the input project)");
    la->add_flag("--force", lo->force, "Measure again even when the project holds a current table");
    la->add_option("--tokens", lo->tokens, "Language models: tokens per window (default: the evaluation window)")->check(CLI::PositiveNumber);
    la->add_option("--repetitions", lo->repetitions, "Timed forward passes per precision at least (default 20; more until 0.5 s passed); times are medians")
        ->check(CLI::PositiveNumber);
    la->add_option("--threads", lo->threads, "Worker threads (default: all cores)")->check(CLI::NonNegativeNumber);
    la->add_flag("--json", lo->json, "Print one JSON document on stdout");

    return [se, pl, la, so, po, lo]() -> int {
        if (*se) return runSensitivity(*so);
        if (*pl) return runPlan(*po);
        if (*la) return runLatency(*lo);
        return -1;
    };
}

} // namespace qb::cli
