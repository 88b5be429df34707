#include "app/gui/ModelQuantization.h"

#include <QCoreApplication>
#include <QFileInfo>

#include "core/formats/model_hash.h"
#include "core/quant/llm_block_inputs.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb {

namespace {

const char* const kHashing = QT_TRANSLATE_NOOP("qb::JobStage", "hashing the model");
const char* const kCollecting = QT_TRANSLATE_NOOP("qb::JobStage", "collecting layer inputs");

} // namespace

Project quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                         const QuantizationRequest& request, const JobContext& job) {
    Project p;
    if (base) {
        p = *base;
    } else {
        p.modelPath = QFileInfo(QString::fromStdString(model->path)).absoluteFilePath().toStdString();
        job.report(0, kHashing);
        p.modelHash = modelHash(model->path, job);
    }
    p.quantization.reset();
    const std::string where = request.planPath.isEmpty() ? std::string("quantize settings") : request.planPath.toStdString();
    const quant::Plan plan = request.planPath.isEmpty() ? quant::uniformPlan(request.settings, where) : quant::readPlan(where);
    const std::vector<quant::LayerPlan> layers = quant::resolvePlan(plan, *model, where);
    if (quant::needsActivationRanges(layers) && p.calibration.layers.empty())
        throw Error(model->path, "8-bit activations need the calibrated ranges: run Model > Calibrate first");
    std::vector<quant::QuantizedLayer> quantized;
    if (quant::needsLayerInputs(layers)) {
        if (p.calibration.settings.dataPath.empty())
            throw Error(model->path, "GPTQ, AWQ and SmoothQuant need calibration text: run Model > Calibrate first");
        CalibrationSettings s = p.calibration.settings;
        s.samples = request.samples;
        job.report(0, kCollecting);
        // Block by block: each block's inputs come after the quantized blocks before it.
        quantized = quant::quantizeLlmSequential(*model, layers, &p.calibration, *quant::textBlockInputs(*model, s.dataPath, s, job), job);
    } else {
        quantized = quant::quantizeModel(*model, layers, {.calibration = &p.calibration}, job);
    }
    p.quantization = ProjectQuantization{plan.text, plan.defaults.method.value_or("rtn"), std::move(quantized)};
    return p;
}

} // namespace qb
