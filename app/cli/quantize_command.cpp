// quantbench-cli quantize: quantizes a model (or a calibrated project's model) by a plan file or
// by uniform --bits settings and writes a project holding the quantized layers. Calibration runs
// only when the plan needs it (act_bits, GPTQ/AWQ/SmoothQuant) and the input has no stats yet.
// SIGINT cancels: nothing is written but the resume journal, which the same command continues.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "app/cli/commands.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/quantize_journal.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/util/parallel.h"

namespace qb::cli {

namespace {

quant::Plan planOf(const QuantizeOptions& o) {
    if (!o.plan.empty()) return quant::readPlan(o.plan);
    quant::PlanSettings s;
    s.bits = o.bits;
    if (o.group > 0) s.group = o.group;
    s.symmetric = !o.asym;
    s.method = o.method;
    if (o.actBits > 0) s.actBits = o.actBits;
    if (o.actOrder) s.actOrder = true;
    if (o.damp >= 0) s.damp = o.damp;
    if (o.alpha >= 0) s.alpha = o.alpha;
    return quant::uniformPlan(s);
}

// QB_TEST_LAYER_DELAY_MS: a pause before each layer, so that a test can kill a quick run midway.
JobContext slowedForTests(const JobContext& job) {
    const char* env = std::getenv("QB_TEST_LAYER_DELAY_MS");
    const int ms = env ? std::atoi(env) : 0;
    if (ms <= 0) return job;
    JobContext slowed = job;
    slowed.progress = [job, ms, last = std::string()](double f, std::string_view stage) mutable {
        job.report(f, stage);
        if (!stage.starts_with("layer ")) return;
        const std::string layer(stage.substr(0, stage.find(':')));
        if (layer == last) return;
        last = layer;
        std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
    return slowed;
}

} // namespace

int runQuantize(const QuantizeOptions& o) {
    CliJob job(o.input, o.out);
    const int code = job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        pipeline::QuantizeRequest request;
        request.data = o.data.spec();
        request.calibration.samples = o.samples;
        request.calibration.seed = o.seed;
        request.resume = !o.noResume;
        request.memory.bytes = o.memoryBudget;
        pipeline::OpenedInput in = pipeline::openInput(o.input);
        if (o.plan.empty() && o.bits == 0) {
            // Neither given: the plan the project keeps (plan --save, or the plan editor's).
            if (!in.project || !in.project->plan) {
                std::fprintf(stderr, "error: --plan or --bits is required (%s keeps no plan)\n", o.input.c_str());
                return 2;
            }
            request.plan = quant::parsePlan(*in.project->plan, o.input);
            request.planSource = o.input + " (its plan)";
        } else {
            request.plan = planOf(o);
            request.planSource = o.plan.empty() ? "--bits" : o.plan;
        }
        // Each layer goes to the project file as it finishes: memory stays at a few layers.
        const pipeline::QuantizeResult r =
            pipeline::quantizeToFile(in.model, std::move(in.project), request, o.out, slowedForTests(job.context()));
        const Project& p = r.project;
        const quant::PlanSize size = quant::planSize(r.layers);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const size_t planned = r.layers.size();
        if (o.json) {
            nlohmann::json doc{{"output", o.out},
                               {"seconds", seconds},
                               {"layers", planned},
                               {"quantized_layers", r.quantizedLayers},
                               {"reused_layers", r.reusedLayers},
                               {"resumed_layers", r.resumedLayers},
                               {"method", p.quantization->method},
                               {"bits_per_weight", size.bitsPerWeight()},
                               {"size_bytes", size.bytes},
                               {"weights", size.weights}};
            if (r.blockMemory) {
                const quant::BlockMemory& m = *r.blockMemory;
                doc["block_memory"] = {{"needed_bytes", m.fixed()},
                                       {"block_weight_bytes", m.weights},
                                       {"statistics_bytes", m.statistics},
                                       {"quantizer_bytes", m.quantizer},
                                       {"window_bytes", m.window},
                                       {"activation_bytes", m.activations},
                                       {"budget_bytes", o.memoryBudget},
                                       {"spilled", r.spilledActivations}};
            }
            std::cout << doc.dump(2) << "\n";
        } else {
            std::printf("%s: %zu layers (%zu quantized, %zu of them reused from the project unchanged, %zu resumed from "
                        "an interrupted run), %.4f bits per weight, %llu bytes of weights, %.2f s\n",
                        o.out.c_str(), planned, r.quantizedLayers, r.reusedLayers, r.resumedLayers, size.bitsPerWeight(),
                        static_cast<unsigned long long>(size.bytes), seconds);
            if (r.spilledActivations)
                std::printf("the calibration activations (%.1f MiB) did not fit the memory budget beside one block (%.1f MiB) "
                            "and went through a temporary file\n",
                            double(r.blockMemory->activations) / double(1 << 20), double(r.blockMemory->fixed()) / double(1 << 20));
        }
        return 0;
    });
    std::error_code ec;
    if (code == 130 && std::filesystem::exists(pipeline::journalPath(o.out), ec))
        std::fprintf(stderr, "the same command continues from the %s journal (--no-resume starts over)\n",
                     pipeline::journalPath(o.out).c_str());
    return code;
}

} // namespace qb::cli
