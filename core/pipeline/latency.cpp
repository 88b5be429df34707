#include "core/pipeline/latency.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "core/calib/llm_taps.h"
#include "core/engine/cpu_isa.h"
#include "core/engine/graph_executor.h"
#include "core/llm/matmul.h"
#include "core/llm/transformer.h"
#include "core/pipeline/data_spec.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/weight_matrix.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

namespace qb::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string cpuModelName() {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos) {
                const auto start = line.find_first_not_of(' ', colon + 1);
                return start == std::string::npos ? "unknown" : line.substr(start);
            }
        }
    return "unknown";
}

int64_t windowTokens(const Model& model, const LatencyRequest& r) { return r.tokens > 0 ? r.tokens : defaultContext(model); }

// Repeats `pass` (warm-up first, then until both minimum count and time are reached), reporting
// "latency: WHAT pass k/n" with n the minimum count.
template <class Pass>
int64_t repeat(const LatencyRequest& r, const JobContext& job, const char* what, double from, double to, Pass&& pass) {
    for (int64_t k = 0; k < r.warmup; ++k) {
        job.checkCancel();
        pass(false);
    }
    const auto t0 = Clock::now();
    int64_t done = 0;
    while (done < r.maxRepetitions && (done < r.minRepetitions || secondsSince(t0) < r.minSeconds)) {
        job.checkCancel();
        pass(true);
        ++done;
        const double f = std::min(1.0, std::max(double(done) / double(r.minRepetitions), secondsSince(t0) / r.minSeconds));
        job.report(from + (to - from) * f, std::string("latency: ") + what + " pass " +
                                                std::to_string(std::min(done, r.minRepetitions)) + "/" +
                                                std::to_string(r.minRepetitions));
    }
    return done;
}

// The engine's inputs at batch 1, filled with fixed pseudo-random values in [0, 1).
std::vector<engine::Tensor> graphInputs(const engine::Executor& exec) {
    std::vector<engine::Tensor> out;
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(0.f, 1.f);
    for (const GraphValue& in : exec.inputs()) {
        if (in.shape.empty()) throw Error(exec.path(), "input '" + in.name + "' declares no shape, so its latency has no size to run at");
        engine::Shape s = in.shape;
        for (size_t d = 0; d < s.size(); ++d)
            if (s[d] <= 0) {
                if (d != 0)
                    throw Error(exec.path(), "input '" + in.name + "' has a free dimension " + std::to_string(d) +
                                                 " besides the batch: the latency table needs a fixed size");
                s[d] = 1;
            }
        engine::Tensor t(DType::F32, s);
        for (float& v : t.f) v = u(rng);
        out.push_back(std::move(t));
    }
    return out;
}

struct GraphTiming {
    double totalMs = 0;
    std::map<std::string, double> layerMs; // median per layer of its nodes' summed time
    int64_t repetitions = 0;
};

// The quantizable weight each Conv/Gemm/MatMul node reads, by node index. A Keras layer's node
// reads a re-laid-out copy named "<layer>/kernel_oihw" (keras_graph.cpp): it belongs to the one
// quantizable tensor "<layer>/..." of that layer.
std::map<size_t, std::string> layerReaders(const engine::Executor& exec, const std::set<std::string>& layers) {
    const auto prefix = [](const std::string& name) { return name.substr(0, name.rfind('/')); };
    std::map<std::string, std::vector<std::string>> byPrefix;
    for (const std::string& l : layers)
        if (l.find('/') != std::string::npos) byPrefix[prefix(l)].push_back(l);
    std::map<size_t, std::string> out;
    for (const auto& [node, weight] : exec.weightReaders()) {
        if (layers.count(weight)) {
            out.emplace(node, weight);
        } else if (weight.find('/') != std::string::npos) {
            const auto it = byPrefix.find(prefix(weight));
            if (it != byPrefix.end() && it->second.size() == 1) out.emplace(node, it->second.front());
        }
    }
    return out;
}

GraphTiming timeGraph(engine::Executor& exec, const std::set<std::string>& layers, const LatencyRequest& r,
                      const JobContext& job, const char* what, double from, double to) {
    const std::vector<engine::Tensor> inputs = graphInputs(exec);
    const std::map<size_t, std::string> readers = layerReaders(exec, layers);
    std::map<std::string, std::vector<double>> perLayer;
    std::vector<double> totals, summed(exec.nodes().size(), 0.0);
    GraphTiming g;
    exec.setProfiling(true); // sums over runs: a run's node times are the differences
    g.repetitions = repeat(r, job, what, from, to, [&](bool timed) {
        const auto t0 = Clock::now();
        exec.run(inputs);
        const double total = secondsSince(t0);
        std::vector<double> nodeSeconds(summed.size(), 0.0);
        for (const engine::NodeProfile& p : exec.profile()) {
            nodeSeconds[p.index] = p.seconds - summed[p.index];
            summed[p.index] = p.seconds;
        }
        if (!timed) return;
        totals.push_back(total);
        std::map<std::string, double> sum;
        for (const auto& [node, weight] : readers) sum[weight] += nodeSeconds[node];
        for (const auto& [weight, s] : sum) perLayer[weight].push_back(s);
    });
    exec.setProfiling(false);
    g.totalMs = 1e3 * median(totals);
    for (auto& [weight, v] : perLayer) g.layerMs[weight] = 1e3 * median(std::move(v));
    return g;
}

// Every int8-capable layer as the W8A8 path runs it: int8_channel_sym codes (RTN) and the input
// range of the calibration's MSE clip (what quantize --act-bits 8 takes), or [0, 1] without one.
std::vector<quant::QuantizedLayer> int8Layers(const Model& model, const Calibration& calibration, const JobContext& job) {
    quant::PlanSettings s;
    s.bits = 8;
    s.symmetric = true;
    std::vector<quant::LayerPlan> plan;
    for (quant::LayerPlan& lp : quant::resolvePlan(quant::uniformPlan(s), model, "latency"))
        if (const TensorEntry* t = model.find(lp.name);
            t && lp.scheme && lp.scheme->name == "int8_channel_sym" && quant::takesQuantizedInput(model, *t))
            plan.push_back(std::move(lp));
    std::vector<quant::QuantizedLayer> layers = quant::quantizeModel(model, plan, {}, job);
    for (quant::QuantizedLayer& l : layers) {
        double lo = 0, hi = 1;
        for (const LayerStats& st : calibration.layers)
            if (st.name == l.name) {
                const ClipResult& c = st.activation.clips[size_t(ClipMethod::Mse)];
                lo = std::min(0.0, c.lo), hi = std::max(0.0, c.hi);
            }
        if (hi <= lo) hi = lo + 1;
        l.activation = quant::activationFromRange(lo, hi, 8);
    }
    return layers;
}

ProjectLatency measureGraph(const Model& model, const Project& project, const LatencyRequest& r, const JobContext& job) {
    ProjectLatency out;
    out.key = currentLatencyKey(model, r);
    std::set<std::string> names;
    for (const TensorEntry& t : model.tensors)
        if (t.quantizable) names.insert(t.name);

    job.report(0, "preparing the model");
    engine::Executor f32(model);
    const GraphTiming a = timeGraph(f32, names, r, job, "f32", 0.0, 0.5);
    out.repetitions = a.repetitions;
    out.f32TotalMs = a.totalMs;
    double layersMs = 0;
    for (const TensorEntry& t : model.tensors) {
        if (!t.quantizable) continue;
        const auto it = a.layerMs.find(t.name);
        // A weight no Conv, Gemm or MatMul reads (an embedding lookup) has no kernel of its own:
        // its time is in the rest.
        out.layers.push_back({t.name, it == a.layerMs.end() ? 0.0 : it->second});
        layersMs += out.layers.back().f32Ms;
    }
    out.restMs = out.f32TotalMs - layersMs;

    // Only weights the int8 engine matches to a Conv, Gemm, MatMul or patch ConvTranspose
    // (Executor::weightReaders, int8Capable) can run int8; the others (a ConvTranspose whose
    // patches overlap, a weight no such node reads) have an f32 time only.
    std::set<std::string> mapped;
    for (const auto& [node, weight] : f32.weightReaders())
        if (f32.int8Capable(node)) mapped.insert(weight);
    job.report(0.5, "preparing the model");
    // The quantizer's own "layer k/n" would send the bar back to 0: only its cancel is passed.
    std::vector<quant::QuantizedLayer> q = int8Layers(model, project.calibration, JobContext{{}, job.cancel});
    std::erase_if(q, [&](const quant::QuantizedLayer& l) { return !mapped.count(l.name); });
    if (q.empty()) return out;
    std::set<std::string> int8Names;
    for (const quant::QuantizedLayer& l : q) int8Names.insert(l.name);
    engine::Executor int8(model, engine::Int8Options{.layers = std::move(q)});
    const GraphTiming b = timeGraph(int8, int8Names, r, job, "int8", 0.5, 1.0);
    out.int8TotalMs = b.totalMs;
    for (LayerLatency& l : out.layers)
        if (const auto it = b.layerMs.find(l.layer); it != b.layerMs.end() && int8Names.count(l.layer)) l.int8Ms = it->second;
    out.repetitions = std::min(out.repetitions, b.repetitions);
    return out;
}

// Each weight's matmul (the runtime's Matmul, y = x W^T) at [tokens, cols] x [cols, rows], then
// the whole forward pass over one window. The runtime runs every weight in f32 today (quantized
// ones expanded), so there is no int8 time.
ProjectLatency measureLlm(const Model& model, const LatencyRequest& r, const JobContext& job) {
    ProjectLatency out;
    out.key = currentLatencyKey(model, r);
    const int64_t m = out.key.batch;
    std::set<std::string> matmulWeights;
    for (const LlmTap& tap : llmTaps(model)) matmulWeights.insert(tap.weight->name);
    std::vector<const TensorEntry*> layers;
    for (const TensorEntry& t : model.tensors)
        if (t.quantizable) layers.push_back(&t);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.f, 1.f);
    LatencyRequest perLayer = r;
    perLayer.minSeconds = r.minSeconds / double(layers.size() + 1);
    double layersMs = 0;
    for (size_t k = 0; k < layers.size(); ++k) {
        const TensorEntry& t = *layers[k];
        LayerLatency l{t.name, 0.0};
        if (matmulWeights.count(t.name)) {
            const quant::WeightMatrix w = quant::weightMatrix(t);
            std::vector<float> x(size_t(m * w.cols)), y(size_t(m * w.rows));
            for (float& v : x) v = u(rng);
            Matmul mm;
            std::vector<double> times;
            const std::string what = "layer " + std::to_string(k + 1) + "/" + std::to_string(layers.size());
            job.report(0.9 * double(k) / double(layers.size()), "latency: " + what);
            const JobContext quiet{{}, job.cancel};
            repeat(perLayer, quiet, "", 0, 0, [&](bool timed) {
                const auto t0 = Clock::now();
                mm.run(x.data(), w.values.data(), y.data(), m, w.cols, w.rows);
                if (timed) times.push_back(secondsSince(t0));
            });
            l.f32Ms = 1e3 * median(std::move(times));
        }
        layersMs += l.f32Ms;
        out.layers.push_back(std::move(l));
    }
    Transformer transformer(model);
    std::vector<int32_t> tokens(static_cast<size_t>(m));
    for (size_t i = 0; i < tokens.size(); ++i) tokens[i] = int32_t(1 + i % size_t(std::max<int64_t>(1, transformer.config().vocab - 1)));
    std::vector<float> logits;
    std::vector<double> totals;
    out.repetitions = repeat(r, job, "f32", 0.9, 1.0, [&](bool timed) {
        KvCache cache = transformer.newCache(1, m);
        const auto t0 = Clock::now();
        transformer.forward(tokens, cache, logits);
        if (timed) totals.push_back(secondsSince(t0));
    });
    out.f32TotalMs = 1e3 * median(std::move(totals));
    out.restMs = out.f32TotalMs - layersMs;
    return out;
}

} // namespace

LatencyKey currentLatencyKey(const Model& model, const LatencyRequest& request) {
    LatencyKey k;
    k.cpu = cpuModelName();
    k.isa = engine::int8Isa().isa;
    k.threads = threadCount();
    k.batch = model.llama ? windowTokens(model, request) : 1;
    return k;
}

bool latencyIsCurrent(const ProjectLatency& table, const Model& model, const LatencyRequest& request) {
    if (!(table.key == currentLatencyKey(model, request))) return false;
    for (const TensorEntry& t : model.tensors)
        if (t.quantizable && !table.find(t.name)) return false;
    return true;
}

ProjectLatency measureLatency(const std::shared_ptr<const Model>& model, const Project& project,
                              const LatencyRequest& request, const JobContext& job) {
    if (request.minRepetitions < 1 || request.maxRepetitions < request.minRepetitions || request.warmup < 0)
        throw Error("latency", "repetitions must be at least 1 and at most the maximum");
    if (model->llama) {
        if (windowTokens(*model, request) < 1) throw Error(model->path, "the latency window needs at least one token");
        return measureLlm(*model, request, job);
    }
    return measureGraph(*model, project, request, job);
}

} // namespace qb::pipeline
