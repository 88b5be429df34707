// The automatic planner against uniform schemes, and the sensitivity table's additive prediction
// against measurement: not a timed benchmark but the figures of issue 12.
//   bench_planner MODEL DATA [--context N] [--limit N] [--bits 8,6,5,4,3] [--groups 32,0] [--asym] [--scale-bits 16,8,6,4]
//                 [--budgets 4.0,3.6] [--uniform int4_g32_sym,int3_g32_sym] [--random 10] [--seed S]
//                 [--cache TABLE.qbproj] [--objective kl|metric] [--method rtn|gptq] [--eval-limit N]
//                 [--heldout N] [--gptq-windows N] [--gptq-seeds S,..] [--scale S] [--mean M,..] [--std S,..]
//                 [--text-lines N]
// 1. measures (or, with --cache, reuses) the sensitivity table, timed;
// 2. a table: each uniform scheme, the planned plan at each --budgets bits per weight and at each
//    uniform scheme's own size, with predicted KL (the table's sum), measured KL against fp32 and
//    the metric (perplexity through pipeline::evaluate on the first --eval-limit windows, default
//    the sensitivity's, or top-1). --heldout N (language models): perplexity and KL on N windows
//    that neither the table nor GPTQ read (pipeline::heldOutWindows) instead, and for each plan at
//    a uniform scheme's size its paired NLL difference from that scheme, window by window;
// 3. --random plans (a random measured scheme per layer): predicted against measured, and the
//    Spearman rank correlation of the two.
// GPTQ's inputs, in the table and in the plans quantized, are --gptq-windows windows (default
// --limit) that quantize chooses by seed 0. --gptq-seeds S,..: each plan is quantized once per
// seed (its calibration windows chosen by that seed) and every figure of its row is the mean over
// those quantizations; the held-out windows avoid every seed's windows, and the table calibrates
// with the first seed. Which windows GPTQ reads moves a quantized model's perplexity by about 1%
// (stories260K int4 g32 GPTQ, five seeds), as much as plans near the same size differ, so one
// quantization per plan cannot tell them apart.
// Images are prepared with --scale/--mean/--std. --text-lines N: DATA is an MNIST folder whose
// digits make N PaddleOCR text lines (tests/ort/model_inputs.h) in a temporary folder, for
// ch_ppocr_mobile_v2.0_cls_infer.onnx with --scale 0.0039216 --mean 0.5 --std 0.5.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/datasets/idx_dataset.h"
#include "core/eval/paired_difference.h"
#include "core/eval/rank_correlation.h"
#include "core/formats/project_file.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/held_out.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/sensitivity.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/auto_plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "tests/ort/model_inputs.h"

namespace {

using namespace qb;

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t end = s.find(',', start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

struct Measured {
    double bpw = 0, predicted = 0, kl = 0, metric = 0;
    std::vector<double> heldOutNll; ///< per held-out window, with --heldout
    double heldOutKl = std::nan("");  ///< KL against fp32 on the held-out windows
};

struct Bench {
    std::shared_ptr<const Model> model;
    pipeline::DataSpec data;
    int64_t limit = 8;     ///< the sensitivity's windows, and the KL's
    int64_t evalLimit = 8; ///< perplexity windows
    const pipeline::OutputComparison* reference = nullptr;
    const quant::AutoPlanner* planner = nullptr;
    const pipeline::HeldOutText* heldOut = nullptr; ///< the metric's windows instead, when set
    int64_t gptqWindows = 8; ///< GPTQ's inputs: windows `quantize` chooses among all, by each seed
    std::vector<uint64_t> gptqSeeds{0};
    const pipeline::OutputComparison* heldOutReference = nullptr; ///< fp32 on the held-out windows, with --heldout

    pipeline::QuantizeRequest request(const quant::Plan& plan, uint64_t seed) const {
        pipeline::QuantizeRequest r{plan, "bench plan", data, {}};
        r.calibration.samples = gptqWindows;
        r.calibration.seed = seed;
        return r;
    }

    Measured run(const quant::Plan& plan) const {
        const std::vector<quant::LayerPlan> layers = quant::resolvePlan(plan, *model, "bench plan");
        Measured m;
        m.bpw = quant::planSize(layers).bitsPerWeight();
        // A uniform scheme outside the table (fp16 scales when only codes were measured) has no prediction.
        try {
            m.predicted = planner->predict(layers);
        } catch (const Error&) {
            m.predicted = std::nan("");
        }
        // Through the quantize use case, so GPTQ gets its inputs block by block; once per seed.
        const double share = 1.0 / double(gptqSeeds.size());
        m.kl = 0;
        if (heldOut) {
            m.heldOutKl = 0;
            m.heldOutNll.assign(heldOut->windows.size(), 0.0);
        }
        for (const uint64_t seed : gptqSeeds) {
            ProjectQuantization q = *pipeline::quantize(model, std::nullopt, request(plan, seed), {}).project.quantization;
            const Model variant = quant::applyQuantized(*model, q.layers);
            const pipeline::OutputComparison::Change onTable = reference->measure(variant);
            m.kl += share * onTable.kl;
            if (heldOut) { // one pass for KL and each window's NLL
                const pipeline::OutputComparison::Change c = heldOutReference->measure(variant);
                m.heldOutKl += share * c.kl;
                for (size_t w = 0; w < c.windowNll.size(); ++w) m.heldOutNll[w] += share * c.windowNll[w];
            } else if (model->llama) {
                const auto r = pipeline::evaluate(model, &q, data, {.limit = evalLimit, .sampleTokens = 0}, {});
                m.metric += share * r.language->perplexity;
            } else {
                m.metric += share * onTable.metric;
            }
        }
        if (heldOut) {
            double sum = 0;
            for (const double x : m.heldOutNll) sum += x;
            m.metric = std::exp(sum / double(m.heldOutNll.size())); // windows of equal length
        }
        return m;
    }
};

void row(const std::string& what, const Measured& m, const Measured* against = nullptr) {
    std::printf("%-34s %8.4f %12.5g %12.5g %10.4f", what.c_str(), m.bpw, m.predicted, m.kl, m.metric);
    if (!std::isnan(m.heldOutKl)) std::printf(" %12.5g", m.heldOutKl);
    if (against && !m.heldOutNll.empty()) {
        const PairedDifference d = pairedDifference(m.heldOutNll, against->heldOutNll);
        std::printf("  NLL %+.4f +- %.4f", d.mean, d.standardError);
    }
    std::printf("\n");
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: %s MODEL DATA [--context N] [--limit N] [--bits B,..] [--groups G,..] [--asym] [--scale-bits 16,8,6,4] "
                             "[--budgets X,..] [--uniform SCHEME,..] [--random N] [--seed S] [--cache TABLE.qbproj] [--objective kl|metric] "
                             "[--method rtn|gptq] [--eval-limit N] [--heldout N] [--gptq-windows N] [--gptq-seeds S,..] [--scale S] [--mean M,..] [--std S,..] [--text-lines N]\n",
                     argv[0]);
        return 2;
    }
    pipeline::SensitivityRequest req;
    req.data.path = argv[2];
    std::string budgets = "4.0,3.6", uniform, cache;
    int randomPlans = 10;
    int64_t evalLimit = 0, heldOut = 0, textLines = 0, gptqWindows = 0;
    quant::PlanObjective objective = quant::PlanObjective::Kl;
    unsigned seed = 1;
    std::vector<uint64_t> gptqSeeds{0};
    for (int i = 3; i < argc; ++i) {
        const std::string a = argv[i];
        const auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
        if (a == "--context") req.data.context = std::stoll(next());
        else if (a == "--limit") req.limit = std::stoll(next());
        else if (a == "--bits") {
            req.bits.clear();
            for (const auto& b : split(next())) req.bits.push_back(std::stoi(b));
        } else if (a == "--groups") {
            for (const auto& g : split(next())) req.groups.push_back(std::stoll(g));
        } else if (a == "--asym") req.asymmetric = true;
        else if (a == "--scale-bits") {
            req.scaleBits.clear();
            for (const auto& b : split(next())) req.scaleBits.push_back(std::stoi(b));
        }
        else if (a == "--method") req.method = next();
        else if (a == "--budgets") budgets = next();
        else if (a == "--eval-limit") evalLimit = std::stoll(next());
        else if (a == "--gptq-windows") gptqWindows = std::stoll(next());
        else if (a == "--gptq-seeds") {
            gptqSeeds.clear();
            for (const auto& x : split(next())) gptqSeeds.push_back(std::stoull(x));
        }
        else if (a == "--heldout") heldOut = std::stoll(next());
        else if (a == "--text-lines") textLines = std::stoll(next());
        else if (a == "--scale") req.data.image.scale = std::stof(next());
        else if (a == "--mean") req.data.image.mean = pipeline::parseNumberList("--mean", next());
        else if (a == "--std") req.data.image.std = pipeline::parseNumberList("--std", next());
        else if (a == "--uniform") uniform = next();
        else if (a == "--random") randomPlans = std::stoi(next());
        else if (a == "--seed") seed = unsigned(std::stoul(next()));
        else if (a == "--cache") cache = next();
        else if (a == "--objective") objective = next() == "metric" ? quant::PlanObjective::Metric : quant::PlanObjective::Kl;
        else {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return 2;
        }
    }
    // The table's GPTQ calibrates on the windows the benchmark's quantize runs choose.
    if (gptqWindows <= 0) gptqWindows = req.limit;
    req.calibrationSamples = gptqWindows;
    if (gptqSeeds.empty()) gptqSeeds.push_back(0);
    req.calibrationSeed = gptqSeeds.front();
    try {
        const pipeline::OpenedInput in = pipeline::openInput(argv[1]);
        const Model& model = *in.model;
        if (heldOut > 0 && !model.llama)
            throw Error("--heldout", "held-out windows are text windows: " + model.path + " is no language model");
        // Removed at exit; the path stays the same across runs, so --cache finds its table again.
        struct Scratch {
            std::filesystem::path dir;
            ~Scratch() {
                std::error_code ec;
                if (!dir.empty()) std::filesystem::remove_all(dir, ec);
            }
        } scratch;
        if (textLines > 0) {
            scratch.dir = std::filesystem::temp_directory_path() / ("bench_planner_lines_" + std::to_string(textLines));
            std::filesystem::create_directories(scratch.dir);
            req.data.path = ortref::writeTextLines(scratch.dir.string(), readIdxDataset(req.data.path), 0, textLines);
        }
        if (uniform.empty()) uniform = model.llama ? "int4_g32_sym,int3_g32_sym" : "int4_channel_sym,int3_channel_sym";
        Project project = in.project ? *in.project : pipeline::newProject(model, {});
        if (!cache.empty() && std::filesystem::exists(cache)) project = readProject(cache);
        const auto t0 = std::chrono::steady_clock::now();
        project.sensitivity = pipeline::measureSensitivity(in.model, project, req);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        if (!cache.empty()) writeProject(cache, project);
        const ProjectSensitivity& table = *project.sensitivity;
        const auto rho = pipeline::proxyCorrelation(table.entries);
        std::printf("sensitivity: %zu pairs (bits %s, groups %s, %s, scale bits %s), %lld %s, %.1f s (cached pairs are not re-measured)\n",
                    table.entries.size(), table.settings.bits.c_str(), table.settings.groups.c_str(),
                    table.settings.symmetry.c_str(), table.settings.scaleBits.c_str(), static_cast<long long>(req.limit),
                    model.llama ? "windows" : "images", seconds);
        std::printf("proxy rank correlation with KL: SQNR %.3f, output error %.3f, Hessian trace %.3f, imatrix %.3f\n",
                    rho.sqnr, rho.outputError, rho.hessianTrace, rho.imatrix);

        const quant::AutoPlanner planner(model, table, table.settings.method, "sensitivity", objective);
        const pipeline::OutputComparison reference(in.model, req.data, req.limit);
        std::optional<pipeline::HeldOutText> held;
        if (heldOut > 0) {
            std::vector<CalibrationSettings> gptq(gptqSeeds.size()); // as Bench::request calibrates
            for (size_t k = 0; k < gptqSeeds.size(); ++k) {
                gptq[k].samples = gptqWindows;
                gptq[k].seed = gptqSeeds[k];
            }
            held = pipeline::heldOutWindows(model, req.data, heldOut, req.limit, gptq);
        }
        std::optional<pipeline::OutputComparison> heldOutReference;
        if (held) heldOutReference.emplace(in.model, *held);
        const Bench bench{in.model, req.data, req.limit, evalLimit > 0 ? evalLimit : req.limit, &reference, &planner,
                          held ? &*held : nullptr, gptqWindows, gptqSeeds,
                          heldOutReference ? &*heldOutReference : nullptr};
        const char* metric = model.llama ? "perplexity" : "top-1 %";
        if (held)
            std::printf("\nKL on the sensitivity's %lld windows; perplexity on %lld held-out windows (neither the "
                        "table's nor GPTQ's); NLL: planned minus uniform per window, mean +- standard error\n",
                        static_cast<long long>(req.limit), static_cast<long long>(heldOut));
        else
            std::printf("\nKL on the sensitivity's %lld %s; %s on the first %lld\n", static_cast<long long>(req.limit),
                        model.llama ? "windows" : "images", metric, static_cast<long long>(bench.evalLimit));
        if (gptqSeeds.size() > 1) {
            std::printf("each plan quantized %zu times, GPTQ on %lld windows chosen by each of seeds", gptqSeeds.size(),
                        static_cast<long long>(gptqWindows));
            for (const uint64_t x : gptqSeeds) std::printf(" %llu", static_cast<unsigned long long>(x));
            std::printf("; its figures are the means\n");
        }
        std::printf("%-34s %8s %12s %12s %10s%s\n", "plan", "bpw", "predicted", "measured KL", model.llama ? "ppl" : "top-1 %",
                    held ? "  held-out KL" : "");
        std::optional<Measured> first; // the first uniform scheme: what the budget rows are paired with
        for (const std::string& name : split(uniform)) {
            const quant::Scheme& s = quant::scheme(name);
            quant::PlanSettings d = quant::schemeSettings(s);
            d.method = table.settings.method;
            const Measured u = bench.run(quant::uniformPlan(d));
            row("uniform " + name, u);
            if (!first) first = u;
            const uint64_t size = uint64_t(u.bpw * double(planner.weights()) / 8.0 + 0.5);
            try {
                row("  planned at its size", bench.run(planner.plan(size).plan), &u);
            } catch (const Error& e) { // below the table's smallest plan
                std::printf("  planned at its size: %s\n", e.what());
            }
        }
        for (const std::string& b : split(budgets)) {
            const uint64_t budget = planner.budgetBytes(std::stod(b));
            row("planned at " + b + " bpw", bench.run(planner.plan(budget).plan), first ? &*first : nullptr);
        }
        // Why a budget may force low bits: the smallest size at which no layer has fewer than 4
        // code bits and a scale per row or finer (one scale per tensor loses far more), every
        // scale and zero point counted.
        std::map<std::string, uint64_t> least4;
        for (const SensitivityEntry& e : table.entries) {
            const quant::Scheme& s = quant::scheme(e.scheme);
            const TensorEntry* t = model.find(e.layer);
            if (s.bits < 4 || s.granularity == quant::Granularity::Tensor || !t) continue;
            const auto shape = quant::matrixShape(*t);
            const auto bytes = quant::sizeBytes(s, shape.rows, shape.cols);
            if (bytes && (!least4.count(e.layer) || *bytes < least4[e.layer])) least4[e.layer] = *bytes;
        }
        uint64_t bytes4 = 0;
        for (const auto& [layer, bytes] : least4) bytes4 += bytes;
        std::printf("smallest plan of the table with >= 4 bits and a scale per row or finer in every layer: %.4f bpw\n",
                    8.0 * double(bytes4) / double(planner.weights()));

        if (randomPlans > 0) {
            std::map<std::string, std::vector<std::string>> schemesOf;
            std::vector<std::string> layers;
            for (const SensitivityEntry& e : table.entries) {
                if (schemesOf[e.layer].empty()) layers.push_back(e.layer);
                schemesOf[e.layer].push_back(e.scheme);
            }
            std::mt19937 rng(seed);
            std::vector<double> predicted, kl, metricValues;
            std::printf("\n%d random plans (a random measured scheme per layer)\n", randomPlans);
            for (int k = 0; k < randomPlans; ++k) {
                quant::Plan plan;
                plan.defaults.method = table.settings.method;
                for (const std::string& l : layers) {
                    const auto& options = schemesOf[l];
                    const std::string& s = options[std::uniform_int_distribution<size_t>(0, options.size() - 1)(rng)];
                    plan.setEntry(l, quant::schemeSettings(quant::scheme(s)));
                }
                const Measured m = bench.run(plan);
                row("random " + std::to_string(k + 1), m);
                predicted.push_back(m.predicted);
                kl.push_back(m.kl);
                metricValues.push_back(model.llama ? m.metric : -m.metric);
            }
            std::printf("Spearman(predicted, measured KL) = %.3f; Spearman(predicted, measured %s%s) = %.3f\n",
                        spearman(predicted, kl), model.llama ? "" : "-", metric, spearman(predicted, metricValues));
        }
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
