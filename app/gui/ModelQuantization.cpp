#include "app/gui/ModelQuantization.h"

#include "core/pipeline/quantize.h"

namespace qb {

Project quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                         const QuantizationRequest& request, const JobContext& job) {
    pipeline::QuantizeRequest r;
    r.planSource = request.planPath.isEmpty() ? std::string("quantize settings") : request.planPath.toStdString();
    r.plan = request.planPath.isEmpty() ? quant::uniformPlan(request.settings) : quant::readPlan(r.planSource);
    r.calibration.samples = request.samples;
    // No data of its own: activation ranges and layer inputs come from the project's calibration.
    return pipeline::quantize(model, base ? std::optional<Project>(*base) : std::nullopt, r, job).project;
}

} // namespace qb
