#include "core/pipeline/evaluate.h"

#include <algorithm>
#include <cstdio>

#include "core/pipeline/model_runner.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

std::string variantOf(const ProjectQuantization& q, size_t activationLayers) {
    char bits[32];
    std::snprintf(bits, sizeof bits, "%.2f", quant::quantizedSize(q.layers).bitsPerWeight());
    return q.method + " · " + bits + " bpw" + (activationLayers ? " · W8A8" : "");
}

// A context reporting into [offset, offset + 0.5] of `job`, the stage texts unchanged.
JobContext half(const JobContext& job, double offset) {
    JobContext j;
    j.cancel = job.cancel;
    if (job.progress) j.progress = [&job, offset](double f, std::string_view s) { job.report(offset + 0.5 * f, s); };
    return j;
}

} // namespace

EvaluationReport evaluate(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                          const DataSpec& data, const EvaluateOptions& options, const JobContext& job) {
    if (data.path.empty()) throw Error(model->path, "no evaluation data given");
    job.report(0, "preparing the model");
    const auto runner = ModelRunner::create(model, quantization);
    EvaluationReport r = runner->evaluate(data, options, job);
    r.modelPath = model->path;
    if (quantization) r.variant = variantOf(*quantization, r.activationLayers);
    return r;
}

std::vector<EvaluationReport> evaluateSideBySide(const std::shared_ptr<const Model>& model,
                                                 const ProjectQuantization& quantization, const DataSpec& data,
                                                 const EvaluateOptions& options, const JobContext& job) {
    std::vector<EvaluationReport> runs;
    runs.push_back(evaluate(model, nullptr, data, options, half(job, 0.0)));
    runs.back().variant = "fp32";
    runs.push_back(evaluate(model, &quantization, data, options, half(job, 0.5)));
    return runs;
}

std::string preparationMismatch(const Project& project, const Model& model, const DataSpec& data) {
    if (!project.quantization || data.isText()) return {};
    const auto& layers = project.quantization->layers;
    if (std::none_of(layers.begin(), layers.end(), [](const auto& l) { return l.activation.has_value(); })) return {};
    const std::string calibrated = project.calibration.settings.preprocessing, now = data.summary(model);
    if (calibrated.empty() || calibrated == now) return {};
    return "the int8 activation ranges were calibrated on images prepared as \"" + calibrated +
           "\", this run prepares them as \"" + now + "\": give the same --scale, --mean and --std";
}

} // namespace qb::pipeline
