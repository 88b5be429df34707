// quantbench-cli quantize: quantizes a model (or a calibrated project's model) by a plan file or
// by uniform --bits settings and writes a project holding the quantized layers. Calibration runs
// only when the plan needs it (act_bits, GPTQ/AWQ/SmoothQuant) and the input has no stats yet.
// SIGINT cancels: nothing is written.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "app/cli/calibration_data.h"
#include "app/cli/commands.h"
#include "app/cli/eval_text.h"
#include "app/cli/interrupt.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/formats/model_hash.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"
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
    return quant::uniformPlan(s, "--bits");
}

std::string defaultMethod(const quant::Plan& p) { return p.defaults.method.value_or("rtn"); }

// Text data for calibration: --data, else the data the project was calibrated on.
std::string dataPath(const QuantizeOptions& o, const Project& p) {
    if (!o.data.empty()) return o.data;
    return p.calibration.settings.dataPath;
}

std::unique_ptr<quant::LlmBlockInputs> layerInputs(const Model& m, const QuantizeOptions& o, const std::string& data,
                                                  const JobContext& job) {
    if (data.empty() && m.llama) throw Error(o.input, "GPTQ, AWQ and SmoothQuant need --data TEXT.txt");
    CalibrationSettings s;
    s.dataPath = data;
    s.samples = o.samples;
    s.seed = o.seed;
    s.context = o.context;
    return quant::textBlockInputs(m, data, s, job);
}

// `job` reports calibration per 10%; `perLayer` reports every layer ("layer 12/40: GPTQ").
int quantize(const QuantizeOptions& o, const JobContext& job, const JobContext& perLayer) {
    const auto t0 = std::chrono::steady_clock::now();
    Project p;
    Model m;
    if (isProjectFile(o.input)) {
        p = openProject(o.input);
        p.quantization.reset();
        m = openModel(p.modelPath);
    } else {
        m = openModel(o.input);
        p.modelPath = std::filesystem::absolute(o.input).lexically_normal().string();
        p.modelHash = modelHash(o.input, job);
    }
    const quant::Plan plan = planOf(o);
    const std::vector<quant::LayerPlan> layers = quant::resolvePlan(plan, m, o.plan.empty() ? "--bits" : o.plan);
    const quant::PlanSize size = quant::planSize(layers);

    const std::string data = dataPath(o, p);
    if (quant::needsActivationRanges(layers) && p.calibration.layers.empty()) {
        if (data.empty()) throw Error(o.input, "--act-bits needs calibration: give --data or a calibrated project");
        CalibrationSettings s;
        s.samples = o.samples;
        s.seed = o.seed;
        s.context = o.context;
        p.calibration = calibrateOn(m, data, {o.scale, o.mean, o.std, o.layout}, s, job);
    }
    // Data-aware layers take their inputs block by block, each block's after the quantized ones.
    std::vector<quant::QuantizedLayer> quantized;
    if (quant::needsLayerInputs(layers))
        quantized = quant::quantizeLlmSequential(m, layers, &p.calibration, *layerInputs(m, o, data, job), perLayer);
    else
        quantized = quant::quantizeModel(m, layers, {.calibration = &p.calibration}, perLayer);
    p.quantization = ProjectQuantization{plan.text, defaultMethod(plan), std::move(quantized)};
    writeProject(o.out, p, job);

    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (o.json) {
        std::cout << nlohmann::json{{"output", o.out},
                                    {"seconds", seconds},
                                    {"layers", layers.size()},
                                    {"quantized_layers", p.quantization->layers.size()},
                                    {"method", p.quantization->method},
                                    {"bits_per_weight", size.bitsPerWeight()},
                                    {"size_bytes", size.bytes},
                                    {"weights", size.weights}}
                         .dump(2)
                  << "\n";
    } else {
        std::printf("%s: %zu layers (%zu quantized), %.4f bits per weight, %llu bytes of weights, %.2f s\n",
                    o.out.c_str(), layers.size(), p.quantization->layers.size(), size.bitsPerWeight(),
                    static_cast<unsigned long long>(size.bytes), seconds);
    }
    return 0;
}

} // namespace

int runQuantize(const QuantizeOptions& o) {
    std::atomic<bool> cancel{false};
    const CancelOnInterrupt onInterrupt(cancel);
    int rc = 1;
    try {
        if (o.threads > 0) setThreadCount(o.threads);
        JobContext job, perLayer;
        job.cancel = perLayer.cancel = &cancel;
        int lastDecile = -1;
        job.progress = [&](double f, std::string_view stage) {
            if (int(f * 10) == lastDecile) return;
            lastDecile = int(f * 10);
            std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
        };
        perLayer.progress = [](double, std::string_view stage) {
            std::fprintf(stderr, "%.*s\n", int(stage.size()), stage.data());
        };
        rc = quantize(o, job, perLayer);
    } catch (const Cancelled&) {
        std::fprintf(stderr, "error: %s: cancelled, nothing written\n", o.out.c_str());
        rc = 130;
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", o.input.c_str(), e.what());
    }
    return rc;
}

} // namespace qb::cli
