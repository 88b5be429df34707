// Model > Measure Latency: the Latency job (each layer's kernel time in f32 and int8 on this
// machine), its outcome (the table joins the unsaved project) and the plan editor's budget meter,
// which predicts the plan's latency from a table measured here.
#include <QLocale>
#include <QMenu>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "core/pipeline/latency.h"
#include "core/pipeline/open_input.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::createLatency(QMenu* modelMenu) {
    latencyAction_ = modelMenu->addAction(tr("Measure &Latency"), this, &MainWindow::measureLatency);
    latencyAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L));
    latencyAction_->setStatusTip(tr("Time each layer's kernel in f32 and int8 on this machine, to predict a plan's latency"));
    latencyAction_->setEnabled(false);
    connect(workspace_.get(), &Workspace::modelChanged, this, [this] {
        latencyAction_->setEnabled(model() != nullptr);
        showLatency();
    });
    connect(workspace_.get(), &Workspace::projectChanged, this, &MainWindow::showLatency);
}

void MainWindow::showLatency() {
    const std::shared_ptr<const Project>& project = workspace_->project();
    const std::shared_ptr<const Model>& model = workspace_->model();
    PlanDocument* doc = planEditor_->document();
    // A table of another machine, ISA or thread count would predict wrong times: none is shown.
    if (model && project && project->latency && pipeline::latencyIsCurrent(*project->latency, *model))
        doc->setLatency(std::shared_ptr<const ProjectLatency>(project, &*project->latency));
    else if (doc->latency())
        doc->setLatency(nullptr);
}

bool MainWindow::measureLatency() {
    const std::shared_ptr<const Model> model = workspace_->model();
    const std::shared_ptr<const Project> project = workspace_->project();
    if (!model) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(tr("Measuring the latency of each layer of %1").arg(modelName));
    JobHandlers<Project> handlers;
    handlers.done = [this, project](Project measured, qint64 elapsedMs) {
        onLatencyMeasured(project, std::move(measured), elapsedMs);
    };
    handlers.failed = [this](const JobError& error) {
        log_->error(tr("Latency failed: %1").arg(error.message()));
        statusBar()->showMessage(tr("Latency was not measured"), 10000);
        emit latencyFailed(error.message());
    };
    handlers.cancelled = [this] { log_->info(tr("Latency was cancelled; the project is unchanged")); };
    // The job holds the model and the project it started from: neither changes under it.
    workspace_->start<Project>(
        Workspace::JobKind::Latency, tr("Measuring the latency of %1").arg(modelName),
        [model, project](JobContext& job) {
            Project p = project ? *project : pipeline::newProject(*model, job);
            p.latency = pipeline::measureLatency(model, p, {}, job);
            return p;
        },
        std::move(handlers));
    return true;
}

void MainWindow::onLatencyMeasured(std::shared_ptr<const Project> base, Project measured, qint64 elapsedMs) {
    if (workspace_->project() != base) {
        // Another calibration or project arrived meanwhile: the table belongs to the old one.
        const QString message = tr("The project changed while the latency was measured; the result was dropped");
        log_->error(message);
        emit latencyFailed(message);
        return;
    }
    const ProjectLatency& t = *measured.latency;
    log_->info(tr("Measured %1 layers in %2 ms: fp32 forward pass %3 ms")
                   .arg(countText(int64_t(t.layers.size())), QString::number(elapsedMs), QLocale().toString(t.f32TotalMs, 'g', 4)));
    workspace_->setProject(std::make_shared<const Project>(std::move(measured)), workspace_->projectPath(), true);
    statusBar()->showMessage(tr("Latency measured: File > Save Project keeps it"), 10000);
    emit latencyFinished();
}

} // namespace qb
