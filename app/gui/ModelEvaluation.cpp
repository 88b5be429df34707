#include "app/gui/ModelEvaluation.h"

#include "core/pipeline/evaluate.h"

namespace qb {

namespace {

// The panel's row: the pipeline's report, with the settings column in the user's language.
EvaluationRun rowOf(pipeline::EvaluationReport r, const EvaluationSettings& settings, const Model& model) {
    EvaluationRun run;
    run.modelPath = QString::fromStdString(r.modelPath);
    run.variant = QString::fromStdString(r.variant);
    run.dataPath = settings.dataPath;
    run.settings = settings.summary(model);
    run.classifier = std::move(r.classifier);
    run.language = std::move(r.language);
    run.context = r.context;
    run.prompt = QString::fromStdString(r.prompt);
    run.sample = QString::fromStdString(r.sample);
    return run;
}

} // namespace

EvaluationRun evaluateModel(const std::shared_ptr<const Model>& model, const EvaluationSettings& settings,
                            const JobContext& job) {
    return rowOf(pipeline::evaluate(model, nullptr, settings.dataSpec(), settings.evaluateOptions(*model), job),
                 settings, *model);
}

EvaluationRun evaluateQuantized(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                const EvaluationSettings& settings, const JobContext& job) {
    return rowOf(pipeline::evaluate(model, &quantization, settings.dataSpec(), settings.evaluateOptions(*model), job),
                 settings, *model);
}

std::vector<EvaluationRun> evaluateSideBySide(const std::shared_ptr<const Model>& model,
                                              const ProjectQuantization& quantization,
                                              const EvaluationSettings& settings, const JobContext& job) {
    std::vector<EvaluationRun> rows;
    for (pipeline::EvaluationReport& r : pipeline::evaluateSideBySide(model, quantization, settings.dataSpec(),
                                                                      settings.evaluateOptions(*model), job))
        rows.push_back(rowOf(std::move(r), settings, *model));
    return rows;
}

} // namespace qb
