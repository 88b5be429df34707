#include "core/pipeline/quantize.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "core/formats/project_file.h"
#include "core/pipeline/model_runner.h"
#include "core/pipeline/open_input.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/methods.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

// Everything quantization needs before the first layer: the resolved plan, the project (with a
// calibration where the plan needs activation ranges) and, for data-aware methods, the inputs.
struct Prepared {
    std::vector<quant::LayerPlan> layers;
    Project project;
    std::unique_ptr<quant::LlmBlockInputs> inputs;
};

Prepared prepare(const std::shared_ptr<const Model>& model, std::optional<Project> base, const QuantizeRequest& request,
                 const JobContext& job) {
    const Model& m = *model;
    Prepared p{quant::resolvePlan(request.plan, m, request.planSource), base ? std::move(*base) : newProject(m, job), {}};
    Project& project = p.project;
    if (quant::needsActivationRanges(p.layers) && project.calibration.layers.empty()) {
        if (request.data.path.empty())
            throw Error(m.path, "8-bit activations need calibrated ranges: give calibration data, or calibrate first");
        project.calibration = ModelRunner::create(model)->calibrate(request.data, request.calibration, job);
    }
    if (quant::needsLayerInputs(p.layers)) {
        // Without data of its own, the windows are the project's calibration windows.
        CalibrationSettings s = request.calibration;
        s.dataPath = request.data.path;
        s.context = request.data.context;
        if (s.dataPath.empty()) {
            s.dataPath = project.calibration.settings.dataPath;
            s.context = project.calibration.settings.context;
            s.seed = project.calibration.settings.seed;
        }
        if (s.dataPath.empty())
            throw Error(m.path, "GPTQ, AWQ and SmoothQuant need calibration text: give a .txt file as data, or "
                                "calibrate on one first");
        job.report(0, "collecting layer inputs");
        p.inputs = quant::textBlockInputs(m, s.dataPath, s, job);
    }
    project.quantization = ProjectQuantization{quant::planJson(request.plan),
                                               request.plan.defaults.method.value_or(std::string(quant::defaultMethod().name)),
                                               {}};
    return p;
}

// Each layer goes to `sink` as it finishes. Data-aware layers go block by block: each block's
// inputs come through the quantized blocks before it.
void run(const Model& m, Prepared& p, const quant::LayerSink& sink, const JobContext& job) {
    if (p.inputs)
        quant::quantizeLlmSequential(m, p.layers, &p.project.calibration, *p.inputs, sink, job);
    else
        quant::quantizeModel(m, p.layers, {.calibration = &p.project.calibration}, sink, job);
}

} // namespace

QuantizeResult quantize(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                        const QuantizeRequest& request, const JobContext& job) {
    Prepared p = prepare(model, std::move(base), request, job);
    std::vector<quant::QuantizedLayer>& out = p.project.quantization->layers;
    run(*model, p, [&](quant::QuantizedLayer&& l) { out.push_back(std::move(l)); }, job);
    // In plan order, whatever order the blocks finished in.
    std::unordered_map<std::string_view, size_t> position; // plan names outlive the moves below
    for (size_t i = 0; i < p.layers.size(); ++i) position.emplace(p.layers[i].name, i);
    std::vector<std::pair<size_t, size_t>> order; // (plan position, index in out)
    for (size_t i = 0; i < out.size(); ++i)
        if (const auto it = position.find(out[i].name); it != position.end()) order.emplace_back(it->second, i);
    std::sort(order.begin(), order.end());
    std::vector<quant::QuantizedLayer> ordered;
    ordered.reserve(order.size());
    for (const auto& [at, i] : order) ordered.push_back(std::move(out[i]));
    out = std::move(ordered);
    const size_t count = out.size();
    return {std::move(p.project), std::move(p.layers), count};
}

QuantizeResult quantizeToFile(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                              const QuantizeRequest& request, const std::string& output, const JobContext& job) {
    Prepared p = prepare(model, std::move(base), request, job);
    ProjectWriter writer(output, p.project, job);
    run(*model, p, writer.sink(), job);
    const size_t count = writer.layerCount();
    writer.commit();
    return {std::move(p.project), std::move(p.layers), count};
}

} // namespace qb::pipeline
