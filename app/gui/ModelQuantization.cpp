#include "app/gui/ModelQuantization.h"

#include <QStandardPaths>
#include <filesystem>

#include "core/pipeline/quantize.h"

namespace qb {

namespace {

std::string planSource(const QuantizationRequest& request) {
    return request.planPath.isEmpty() ? std::string("quantize settings") : request.planPath.toStdString();
}

} // namespace

std::string quantizationJournal() {
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return cache.isEmpty() ? std::string() : (cache + QStringLiteral("/quantize-journal")).toStdString();
}

quant::Plan requestedPlan(const QuantizationRequest& request) {
    return request.planPath.isEmpty() ? quant::uniformPlan(request.settings) : quant::readPlan(planSource(request));
}

QuantizationOutcome quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                                     const quant::Plan& plan, const QuantizationRequest& request, const JobContext& job) {
    return quantizeModelJob(model, base, plan, planSource(request), request.samples, job);
}

QuantizationOutcome quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                                     const quant::Plan& plan, const std::string& planSource, int64_t samples, const JobContext& job) {
    pipeline::QuantizeRequest r;
    r.plan = plan;
    r.planSource = planSource;
    r.calibration.samples = samples;
    r.journal = quantizationJournal();
    if (!r.journal.empty()) {
        std::error_code ec; // the journal's parent; the journal itself is the pipeline's
        std::filesystem::create_directories(std::filesystem::path(r.journal).parent_path(), ec);
    }
    // No data of its own: activation ranges and layer inputs come from the project's calibration.
    pipeline::QuantizeResult done = pipeline::quantize(model, base ? std::optional<Project>(*base) : std::nullopt, r, job);
    return {std::move(done.project), done.reusedLayers, done.resumedLayers};
}

} // namespace qb
