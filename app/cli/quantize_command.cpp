// quantbench-cli quantize: quantizes a model (or a calibrated project's model) by a plan file or
// by uniform --bits settings and writes a project holding the quantized layers. Calibration runs
// only when the plan needs it (act_bits, GPTQ/AWQ/SmoothQuant) and the input has no stats yet.
// SIGINT cancels: nothing is written.
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/cli_job.h"
#include "app/cli/commands.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
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

} // namespace

int runQuantize(const QuantizeOptions& o) {
    CliJob job(o.input, o.out);
    return job.run([&] {
        if (o.threads > 0) setThreadCount(o.threads);
        const auto t0 = std::chrono::steady_clock::now();
        pipeline::QuantizeRequest request;
        request.data = o.data.spec();
        request.calibration.samples = o.samples;
        request.calibration.seed = o.seed;
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
            pipeline::quantizeToFile(in.model, std::move(in.project), request, o.out, job.context());
        const Project& p = r.project;
        const quant::PlanSize size = quant::planSize(r.layers);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        const size_t planned = r.layers.size();
        if (o.json) {
            std::cout << nlohmann::json{{"output", o.out},
                                        {"seconds", seconds},
                                        {"layers", planned},
                                        {"quantized_layers", r.quantizedLayers},
                                        {"reused_layers", r.reusedLayers},
                                        {"method", p.quantization->method},
                                        {"bits_per_weight", size.bitsPerWeight()},
                                        {"size_bytes", size.bytes},
                                        {"weights", size.weights}}
                             .dump(2)
                      << "\n";
        } else {
            std::printf("%s: %zu layers (%zu quantized, %zu of them reused from the project unchanged), %.4f bits per "
                        "weight, %llu bytes of weights, %.2f s\n",
                        o.out.c_str(), planned, r.quantizedLayers, r.reusedLayers, size.bitsPerWeight(),
                        static_cast<unsigned long long>(size.bytes), seconds);
        }
        return 0;
    });
}

} // namespace qb::cli
