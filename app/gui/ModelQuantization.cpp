#include "app/gui/ModelQuantization.h"

#include <QStandardPaths>
#include <filesystem>
#include <unistd.h>

#include "core/pipeline/quantize.h"

namespace qb {

namespace {

std::string planSource(const QuantizationRequest& request) {
    return request.planPath.isEmpty() ? std::string("quantize settings") : request.planPath.toStdString();
}

pipeline::QuantizeRequest pipelineRequest(const quant::Plan& plan, const std::string& planSource, int64_t samples,
                                          uint64_t memoryBudget) {
    pipeline::QuantizeRequest r;
    r.plan = plan;
    r.planSource = planSource;
    r.calibration.samples = samples;
    r.memory.bytes = memoryBudget; // spilled activations go to TMPDIR in memory, beside the output for a file
    return r;
}

} // namespace

std::string quantizationJournal() {
    const QString cache = QStandardPaths::writableLocation(QStandardPaths::CacheLocation);
    return cache.isEmpty() ? std::string() : (cache + QStringLiteral("/quantize-journal")).toStdString();
}

bool resultOutgrowsMemory(const Model& model, double bitsPerWeight) {
    double bytes = 0;
    for (const TensorEntry& t : model.tensors)
        bytes += t.quantizable ? double(t.params()) * bitsPerWeight / 8.0 : double(t.bytes());
    const long pages = sysconf(_SC_PHYS_PAGES), pageSize = sysconf(_SC_PAGE_SIZE);
    return pages > 0 && pageSize > 0 && bytes > 0.5 * double(pages) * double(pageSize);
}

quant::Plan requestedPlan(const QuantizationRequest& request) {
    return request.planPath.isEmpty() ? quant::uniformPlan(request.settings) : quant::readPlan(planSource(request));
}

QuantizationOutcome quantizeModelJob(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                                     const quant::Plan& plan, const std::string& planSource, int64_t samples, const JobContext& job,
                                     uint64_t memoryBudget) {
    pipeline::QuantizeRequest r = pipelineRequest(plan, planSource, samples, memoryBudget);
    r.journal = quantizationJournal();
    if (!r.journal.empty()) {
        std::error_code ec; // the journal's parent; the journal itself is the pipeline's
        std::filesystem::create_directories(std::filesystem::path(r.journal).parent_path(), ec);
    }
    // No data of its own: activation ranges and layer inputs come from the project's calibration.
    pipeline::QuantizeResult done = pipeline::quantize(model, base ? std::optional<Project>(*base) : std::nullopt, r, job);
    return {std::move(done.project), done.reusedLayers, done.resumedLayers};
}

size_t quantizeModelToFile(const std::shared_ptr<const Model>& model, const std::shared_ptr<const Project>& base,
                           const quant::Plan& plan, const std::string& planSource, int64_t samples,
                           const std::string& output, const JobContext& job, uint64_t memoryBudget) {
    const pipeline::QuantizeResult done =
        pipeline::quantizeToFile(model, base ? std::optional<Project>(*base) : std::nullopt,
                                 pipelineRequest(plan, planSource, samples, memoryBudget), output, job);
    return done.quantizedLayers;
}

} // namespace qb
