// Model > Evaluate…: the dialog, the Evaluation job and its runs in the Evaluation panel.
#include <QDockWidget>
#include <QLocale>
#include <QStatusBar>

#include "app/gui/EvaluationDialog.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ModelEvaluation.h"
#include "core/pipeline/evaluate.h"
#include "widgets/EvaluationPanel.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::showEvaluateDialog() {
    askEvaluationSettings([this](const EvaluationSettings& settings) { evaluate(settings); });
}

void MainWindow::askEvaluationSettings(std::function<void(const EvaluationSettings&)> then) {
    if (!model()) {
        return;
    }
    const QString modelPath = QString::fromStdString(model()->path);
    auto* dialog = new EvaluationDialog(*model(), EvaluationSettings::load(modelPath), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [dialog, modelPath, then = std::move(then)] {
        const EvaluationSettings settings = dialog->settings();
        settings.save(modelPath);
        then(settings);
    });
    dialog->open();
}

bool MainWindow::evaluate(const EvaluationSettings& settings) {
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(tr("Evaluating %1 on %2 (%3)").arg(modelName, settings.dataPath, settings.summary(*model)));
    // The job holds the model (and the project), so the mapped weights outlive a model switch. A
    // quantized project evaluates fp32 and quantized side by side.
    const std::shared_ptr<const Project>& project = workspace_->project();
    if (project)
        if (const std::string w = pipeline::preparationMismatch(*project, *model, settings.dataSpec()); !w.empty())
            log_->error(tr("The quantized project may score low: %1").arg(QString::fromStdString(w)));
    const auto quantization = project && project->quantization
                                  ? std::shared_ptr<const ProjectQuantization>(project, &*project->quantization)
                                  : nullptr;
    JobHandlers<std::vector<EvaluationRun>> handlers;
    handlers.done = [this](std::vector<EvaluationRun> runs, qint64 elapsedMs) { onEvaluated(runs, elapsedMs); };
    handlers.failed = [this](const JobError& error) {
        log_->error(tr("Evaluation failed: %1").arg(error.message()));
        statusBar()->showMessage(tr("Evaluation failed"), 10000);
        emit evaluationFailed(error.message());
    };
    handlers.cancelled = [this, data = settings.dataPath] {
        log_->info(tr("Evaluation on %1 was cancelled").arg(data));
    };
    workspace_->start<std::vector<EvaluationRun>>(
        Workspace::JobKind::Evaluation, tr("Evaluating %1").arg(modelName),
        [model, settings, quantization](JobContext& job) {
            return quantization ? evaluateSideBySide(model, *quantization, settings, job)
                                : std::vector<EvaluationRun>{evaluateModel(model, settings, job)};
        },
        std::move(handlers));
    return true;
}

void MainWindow::onEvaluated(const std::vector<EvaluationRun>& runs, qint64 elapsedMs) {
    QString names;
    for (const EvaluationRun& run : runs) {
        names = tr("%1 on %2").arg(displayName(run.modelPath) + (run.variant.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(run.variant)),
                                   displayName(run.dataPath));
        if (run.classifier) {
            const TopKCounter& c = run.classifier->counts;
            log_->info(tr("Evaluated %1: top-1 %2 %, top-5 %3 % on %4 samples in %5 ms")
                           .arg(names, QLocale().toString(100.0 * c.top1Rate(), 'f', 2),
                                QLocale().toString(100.0 * c.top5Rate(), 'f', 2), countText(c.samples),
                                QString::number(elapsedMs)));
        } else {
            log_->info(tr("Evaluated %1: perplexity %2 on %3 tokens in %4 ms")
                           .arg(names, QLocale().toString(run.language->perplexity, 'f', 4),
                                countText(run.language->tokens), QString::number(elapsedMs)));
        }
        evaluation_->addRun(run);
    }
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("evaluationDock"))) {
        dock->show();
        dock->raise();
    }
    statusBar()->showMessage(tr("Evaluated %1").arg(names), 5000);
    emit evaluationFinished();
}

} // namespace qb
