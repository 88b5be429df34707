#include "core/pipeline/compare.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "core/pipeline/compare_llm.h"
#include "core/pipeline/evaluate.h"
#include "core/pipeline/run_outputs.h"
#include "core/quant/quantize_model.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

// A context reporting into [from, to] of `job` with the stage prefixed by `what`.
JobContext part(const JobContext& job, double from, double to, const std::string& what) {
    JobContext j;
    j.cancel = job.cancel;
    if (job.progress)
        j.progress = [&job, from, to, what](double f, std::string_view s) {
            job.report(from + (to - from) * f, what + ": " + std::string(s));
        };
    return j;
}

// Probabilities of one output row under the interpretation compareOutputs chose.
std::vector<double> probabilities(std::span<const float> row, OutputKind kind) {
    std::vector<double> p(row.size());
    if (kind == OutputKind::Probabilities) {
        std::copy(row.begin(), row.end(), p.begin());
    } else if (kind == OutputKind::LogProbabilities) {
        std::transform(row.begin(), row.end(), p.begin(), [](float x) { return std::exp(double(x)); });
    } else {
        const double m = *std::max_element(row.begin(), row.end());
        double s = 0;
        for (size_t c = 0; c < row.size(); ++c) s += p[c] = std::exp(double(row[c]) - m);
        for (double& v : p) v /= s;
    }
    return p;
}

// ln P(label) of one output row, from the logits themselves where the row holds logits (a
// probability that underflowed to 0 still has its log-probability).
double logProbability(std::span<const float> row, OutputKind kind, int64_t label) {
    const double x = double(row[size_t(label)]);
    if (kind == OutputKind::LogProbabilities) return x;
    if (kind == OutputKind::Probabilities) return std::log(std::max(x, 1e-300));
    const double m = *std::max_element(row.begin(), row.end());
    double s = 0;
    for (float v : row) s += std::exp(double(v) - m);
    return x - m - std::log(s);
}

std::vector<std::pair<int64_t, float>> topK(const std::vector<double>& p, int k) {
    std::vector<int64_t> idx(p.size());
    std::iota(idx.begin(), idx.end(), 0);
    const size_t n = std::min(p.size(), size_t(std::max(1, k)));
    std::partial_sort(idx.begin(), idx.begin() + ptrdiff_t(n), idx.end(),
                      [&](int64_t a, int64_t b) { return p[size_t(a)] > p[size_t(b)] || (p[size_t(a)] == p[size_t(b)] && a < b); });
    std::vector<std::pair<int64_t, float>> r;
    for (size_t i = 0; i < n; ++i) r.emplace_back(idx[i], float(p[size_t(idx[i])]));
    return r;
}

std::vector<SampleRecord> sampleRecords(const RawOutputs& ref, const RawOutputs& run, OutputKind kind, int k) {
    const int64_t C = ref.rowSize();
    std::vector<SampleRecord> records;
    records.reserve(size_t(ref.samples()));
    for (int64_t s = 0; s < ref.samples(); ++s) {
        const std::span<const float> a(ref.values.data() + s * C, size_t(C)), b(run.values.data() + s * C, size_t(C));
        const Agreement one = compareOutputs(a, b, C, kind);
        SampleRecord r;
        r.index = s;
        r.label = ref.labels.empty() ? -1 : ref.labels[size_t(s)];
        r.kl = std::max(0.0, one.kl); // KL is never negative; rounding of equal rows can give -1e-45
        r.agrees = one.top1Agreement == 1.0;
        r.reference = topK(probabilities(a, kind), k);
        r.candidate = topK(probabilities(b, kind), k);
        if (r.label >= 0 && r.label < C) {
            r.referenceLogProb = logProbability(a, kind, r.label);
            r.candidateLogProb = logProbability(b, kind, r.label);
        }
        records.push_back(std::move(r));
    }
    std::stable_sort(records.begin(), records.end(), [](const SampleRecord& x, const SampleRecord& y) { return x.kl > y.kl; });
    return records;
}

// Seconds per sample (text: window) at batch 1 over the first `samples` samples, after one
// untimed sample that creates the engine's primitives.
double latencySeconds(const std::shared_ptr<const Model>& model, const ProjectQuantization* q, const DataSpec& data,
                      int64_t samples, const JobContext& job) {
    const auto runner = ModelRunner::create(model, q);
    const RawOutputs first = runner->outputs(data, 1, 1, {.progress = {}, .cancel = job.cancel});
    const RawOutputs all = runner->outputs(data, samples, 1, {.progress = {}, .cancel = job.cancel});
    job.report(1, "latency");
    // Text counts windows: the rows of one window are its scored tokens.
    const double units = first.samples() > 0 ? double(all.samples()) / double(first.samples()) : 0.0;
    return units > 0 ? all.seconds / units : 0.0;
}

} // namespace

WeightSize weightSize(const Model& model, const ProjectQuantization* quantization) {
    WeightSize w;
    std::set<std::string> quantized;
    if (quantization) {
        const quant::PlanSize q = quant::quantizedSize(quantization->layers);
        w.bytes = q.bytes;
        w.weights = q.weights;
        for (const auto& l : quantization->layers) quantized.insert(l.name);
    }
    for (const TensorEntry& t : model.tensors)
        if (t.quantizable && !quantized.count(t.name)) {
            w.bytes += 4 * uint64_t(t.params());
            w.weights += uint64_t(t.params());
        }
    return w;
}

Comparison compareRuns(const std::shared_ptr<const Model>& model, std::span<const CompareVariant> variants,
                       const DataSpec& data, const CompareOptions& options, const JobContext& job) {
    if (data.path.empty()) throw Error(model->path, "no data given to compare on");
    Comparison c;
    RawOutputs ref;
    std::vector<Generation> generations; // language models: each run continues the same prompts
    if (model->llama && options.generateTokens > 0) generations = generationPrompts(*model, data, options);
    ProfiledRun fp32Kernels;
    const double share = 1.0 / double(variants.size() + 1);
    for (size_t v = 0; v <= variants.size(); ++v) {
        const ProjectQuantization* q = v == 0 ? nullptr : &variants[v - 1].quantization;
        const std::string name = v == 0 ? "fp32" : variants[v - 1].name;
        const double from = double(v) * share;
        RunFigures f;
        f.name = name;
        // The metric exactly as `eval` computes it; the outputs for the drift from fp32.
        const EvaluationReport e = [&] {
            try {
                return evaluate(model, q, data, {.limit = options.limit, .prompt = {}, .sampleTokens = 0},
                                part(job, from, from + 0.3 * share, name));
            } catch (const Error&) {
                if (model->llama) throw;
                return EvaluationReport{}; // unlabelled images: no metric, the drift still counts
            }
        }();
        if (e.classifier) {
            f.metric = "top1";
            f.value = e.classifier->counts.top1Rate();
        } else if (e.language) {
            f.metric = "perplexity";
            f.value = e.language->perplexity;
        }
        RawOutputs out = runModel(model, q, data, options.limit, part(job, from + 0.3 * share, from + 0.7 * share, name));
        // Timed on the forward passes alone, which evaluate() has just warmed: eval's own figure
        // includes reading the model and, for the first run, its cold pages (fp32 came out 4-14x
        // "slower" than W4 on stories260K that way).
        f.throughput = out.seconds > 0 ? double(out.samples()) / out.seconds : 0;
        f.samples = out.samples();
        const WeightSize size = weightSize(*model, q);
        f.bitsPerWeight = size.bitsPerWeight();
        f.sizeBytes = size.bytes;
        if (options.latencySamples > 0)
            f.latencyMs = 1e3 * latencySeconds(model, q, data, options.latencySamples, part(job, from + 0.7 * share, from + 0.75 * share, name));
        generateRun(model, q, generations, options.generateTokens, part(job, from + 0.75 * share, from + 0.8 * share, name));
        ProfiledRun kernels;
        if (options.kernelSamples > 0 && !model->llama)
            kernels = profileRun(model, q, data, options.kernelSamples, part(job, from + 0.8 * share, from + 0.8 * share, name));
        if (v == 0) {
            fp32Kernels = std::move(kernels);
            ref = std::move(out);
            f.agreement = compareOutputs(ref.values, ref.values, ref.rowSize(), OutputKind::Auto, model->path);
        } else {
            if (out.shape != ref.shape)
                throw Error(name, "its outputs do not have fp32's shape");
            f.agreement = compareOutputs(ref.values, out.values, ref.rowSize(), OutputKind::Auto, name);
            f.agreement.kl = std::max(0.0, f.agreement.kl);
            VariantDetail d;
            if (!kernels.nodes.empty()) d.kernels = kernelTable(fp32Kernels, kernels);
            d.samples = sampleRecords(ref, out, f.agreement.kind, options.topK);
            if (model->llama) {
                const BpeTokenizer tokenizer = loadTokenizer(*model);
                for (SampleRecord& s : d.samples) s.text = tokenText(tokenizer.vocabulary(), s.label);
            }
            if (options.layerSamples > 0)
                d.layers = layerSqnr(model, *q, data, options.layerSamples, part(job, from + 0.8 * share, from + share, name));
            if (options.graph && options.layerSamples > 0 && !model->llama)
                d.graph = measureModelGraph(model, *q, data, options.layerSamples, part(job, from + share, from + share, name));
            c.details.push_back(std::move(d));
        }
        c.runs.push_back(std::move(f));
    }
    c.generations = std::move(generations);
    return c;
}

} // namespace qb::pipeline
