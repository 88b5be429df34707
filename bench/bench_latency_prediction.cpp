// How well the per-layer latency table (pipeline/latency.h) predicts a plan's forward pass
// (quant/latency_model.h): mnist-12 at batch 1, fp32, all W8A8 and one layer W8A8 (a mix the table
// never ran as such), each predicted from a table measured in this run against the median of the
// measured forward passes, then against runModel's time per image (which adds preparing each image
// and gathering its output, so it must stay above the prediction).
// A wall-clock comparison: a benchmark, not a test (the unit test checks the table's structure).
//   bench_latency_prediction [--rounds N] [--passes N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "bench_support.h"
#include "core/engine/graph_executor.h"
#include "core/pipeline/latency.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/run_outputs.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/latency_model.h"

namespace {

using namespace qb;
using namespace qb::pipeline;

// The engine's forward pass at batch 1 on a fresh executor: median of `passes` runs in ms.
double forwardMs(const Model& m, std::vector<quant::QuantizedLayer> int8, int passes) {
    engine::Executor exec(m, engine::Int8Options{.layers = std::move(int8)});
    engine::Tensor x(DType::F32, {1, 1, 28, 28});
    for (size_t i = 0; i < x.f.size(); ++i) x.f[i] = float(i % 17) / 17.f;
    for (int k = 0; k < 50; ++k) exec.run({x});
    std::vector<double> v;
    for (int k = 0; k < passes; ++k) {
        const auto t0 = std::chrono::steady_clock::now();
        exec.run({x});
        v.push_back(1e3 * std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    int rounds = 3, passes = 2000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rounds" && i + 1 < argc) rounds = std::max(1, std::atoi(argv[++i]));
        else if (a == "--passes" && i + 1 < argc) passes = std::max(1, std::atoi(argv[++i]));
        else {
            std::fprintf(stderr, "usage: %s [--rounds N] [--passes N]\n", argv[0]);
            return 2;
        }
    }
    try {
        const std::string shared = bench::sharedDir();
        const auto model = openInput(shared + "/models/onnx/mnist-12.onnx").model;
        DataSpec data;
        data.path = shared + "/data/mnist";
        const auto quantizeBy = [&](const char* plan) {
            QuantizeRequest req;
            req.plan = quant::parsePlan(plan, "bench plan");
            req.planSource = "bench plan";
            req.data = data;
            req.calibration.samples = 16;
            return quantize(model, std::nullopt, req, {}).project;
        };
        const char* fp32Json = R"({"default": {"format": "fp32"}})";
        const char* w8a8Json = R"({"default": {"bits": 8, "act_bits": 8}})";
        const char* mixedJson = R"({"default": {"format": "fp32"}, "layers": {"Parameter87": {"bits": 8, "act_bits": 8}}})";
        const Project w8a8 = quantizeBy(w8a8Json), mixed = quantizeBy(mixedJson);
        const auto int8Of = [&](const Project& p) { return quant::quantizedModel(*model, p.quantization->layers).activationLayers; };

        std::printf("mnist-12, batch 1: predicted (latency table of this run) against measured (median of %d passes)\n",
                    passes);
        std::printf("%-6s %-18s %14s %13s %8s\n", "round", "plan", "predicted ms", "measured ms", "ratio");
        for (int round = 1; round <= rounds; ++round) {
            const ProjectLatency t = measureLatency(model, w8a8);
            const auto predict = [&](const char* json) {
                return quant::predictLatencyMs(t, *model, quant::resolvePlan(quant::parsePlan(json, "b"), *model, "b"));
            };
            struct Row {
                const char* name;
                double predicted, measured;
            };
            const Row rows[] = {{"fp32", predict(fp32Json), forwardMs(*model, {}, passes)},
                                {"W8A8", predict(w8a8Json), forwardMs(*model, int8Of(w8a8), passes)},
                                {"Parameter87 W8A8", predict(mixedJson), forwardMs(*model, int8Of(mixed), passes)}};
            for (const Row& r : rows)
                std::printf("%-6d %-18s %14.4f %13.4f %8.3f\n", round, r.name, r.predicted, r.measured,
                            r.predicted / r.measured);
            // runModel prepares each image and gathers its output: for a model this small that is
            // most of its time, so the table's prediction (the forward pass) stays below it.
            const int64_t images = 1000;
            const double runF32 = 1e3 * runModel(model, nullptr, data, images, {}).seconds / double(images);
            const double runInt8 = 1e3 * runModel(model, &*w8a8.quantization, data, images, {}).seconds / double(images);
            std::printf("%-6d runModel per image: fp32 %.4f ms (predicted/measured %.3f), W8A8 %.4f ms (%.3f)\n", round,
                        runF32, rows[0].predicted / runF32, runInt8, rows[1].predicted / runInt8);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
    return 0;
}
