// Model > Compare with fp32: the Comparison panel and its job (pipeline::compareRuns).
#include <QDockWidget>
#include <QMenu>
#include <QStatusBar>

#include "app/gui/EvaluationSettings.h"
#include "app/gui/MainWindow.h"
#include "core/pipeline/compare.h"
#include "widgets/ComparisonView.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::createComparison(QMenu* modelMenu) {
    compareAction_ = modelMenu->addAction(tr("C&ompare with fp32"), this, &MainWindow::compareWithFp32);
    compareAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_M));
    compareAction_->setStatusTip(tr("Run fp32 and the quantized project on the evaluation data: drift per run, sample and layer"));
    compareAction_->setEnabled(false);
    comparison_ = new ComparisonView(this);
    QDockWidget* dock = addDock(tr("Comparison"), QStringLiteral("comparisonDock"), comparison_, Qt::BottomDockWidgetArea);
    if (auto* evaluation = findChild<QDockWidget*>(QStringLiteral("evaluationDock"))) {
        tabifyDockWidget(evaluation, dock);
        evaluation->raise();
    }
    connect(workspace_.get(), &Workspace::projectChanged, this, [this] {
        const std::shared_ptr<const Project>& project = workspace_->project();
        compareAction_->setEnabled(project && project->quantization);
    });
    connect(comparison_, &ComparisonView::layerClicked, this, &MainWindow::selectTensor);
    createGraphDock();
}

bool MainWindow::compareWithFp32() {
    const std::shared_ptr<const Model> model = workspace_->model();
    const std::shared_ptr<const Project>& project = workspace_->project();
    if (!model || !project || !project->quantization) {
        log_->error(tr("Comparing needs a quantized project"));
        return false;
    }
    const EvaluationSettings settings = EvaluationSettings::load(QString::fromStdString(model->path));
    if (settings.dataPath.isEmpty()) {
        log_->error(tr("Choose the evaluation data first (Model > Evaluate…)"));
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(tr("Comparing %1 with fp32 on %2").arg(modelName, settings.dataPath));
    const auto quantization = std::shared_ptr<const ProjectQuantization>(project, &*project->quantization);
    JobHandlers<pipeline::Comparison> handlers;
    handlers.done = [this](pipeline::Comparison c, qint64 elapsedMs) {
        comparison_->setComparison(std::move(c));
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("comparisonDock"))) {
            dock->show();
            dock->raise();
        }
        log_->info(tr("Compared with fp32 in %1 ms").arg(elapsedMs));
    };
    handlers.failed = [this](const JobError& error) {
        log_->error(tr("Comparison failed: %1").arg(error.message()));
        statusBar()->showMessage(tr("Comparison failed"), 10000);
    };
    handlers.cancelled = [this] { log_->info(tr("Comparison was cancelled")); };
    workspace_->start<pipeline::Comparison>(
        Workspace::JobKind::Evaluation, tr("Comparing %1 with fp32").arg(modelName),
        [model, quantization, settings](JobContext& job) {
            const std::vector<pipeline::CompareVariant> variants{{"quantized", *quantization}};
            pipeline::CompareOptions options;
            options.limit = settings.evaluateOptions(*model).limit;
            options.graph = true;
            // Language models generate after the evaluation's prompt, or after the data's first tokens.
            if (!settings.prompt.isEmpty()) options.prompts = {settings.prompt.toStdString()};
            return pipeline::compareRuns(model, variants, settings.dataSpec(), options, job);
        },
        std::move(handlers));
    return true;
}

} // namespace qb
