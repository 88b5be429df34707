#include "core/pipeline/quantize.h"

#include "core/pipeline/model_runner.h"
#include "core/pipeline/open_input.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/methods.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb::pipeline {

QuantizeResult quantize(const std::shared_ptr<const Model>& model, std::optional<Project> base,
                        const QuantizeRequest& request, const JobContext& job) {
    const Model& m = *model;
    const std::vector<quant::LayerPlan> layers = quant::resolvePlan(request.plan, m, request.planSource);
    Project p = base ? std::move(*base) : newProject(m, job);
    p.quantization.reset();

    if (quant::needsActivationRanges(layers) && p.calibration.layers.empty()) {
        if (request.data.path.empty())
            throw Error(m.path, "8-bit activations need calibrated ranges: give calibration data, or calibrate first");
        p.calibration = ModelRunner::create(model)->calibrate(request.data, request.calibration, job);
    }
    std::vector<quant::QuantizedLayer> quantized;
    if (quant::needsLayerInputs(layers)) {
        // Without data of its own, the windows are the project's calibration windows.
        CalibrationSettings s = request.calibration;
        s.dataPath = request.data.path;
        s.context = request.data.context;
        if (s.dataPath.empty()) {
            s.dataPath = p.calibration.settings.dataPath;
            s.context = p.calibration.settings.context;
            s.seed = p.calibration.settings.seed;
        }
        if (s.dataPath.empty())
            throw Error(m.path, "GPTQ, AWQ and SmoothQuant need calibration text: give a .txt file as data, or calibrate on one first");
        job.report(0, "collecting layer inputs");
        // Block by block: each block's inputs come through the quantized blocks before it.
        const auto inputs = quant::textBlockInputs(m, s.dataPath, s, job);
        quantized = quant::quantizeLlmSequential(m, layers, &p.calibration, *inputs, job);
    } else {
        quantized = quant::quantizeModel(m, layers, {.calibration = &p.calibration}, job);
    }
    p.quantization = ProjectQuantization{quant::planJson(request.plan), request.plan.defaults.method.value_or(std::string(quant::defaultMethod().name)),
                                         std::move(quantized)};
    return {std::move(p), layers};
}

} // namespace qb::pipeline
