// Model > Sensitivity…: the dialog, the Sensitivity job and its outcome (the table joins the
// unsaved project), the Sensitivity dock and the Layers table's tint.
#include <QDockWidget>
#include <QMenu>
#include <QMessageBox>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "app/gui/SensitivityDialog.h"
#include "core/pipeline/sensitivity.h"
#include "core/util/error.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LogView.h"
#include "widgets/SensitivityView.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {

QString needsCalibration() {
    return MainWindow::tr("Sensitivity needs a calibrated project: calibrate the model first (Model > Calibrate…). "
                          "The table is stored in the project, and its proxies weigh each layer's error by the "
                          "calibrated inputs.");
}

bool isCalibrated(const Project* project) { return project && !project->calibration.layers.empty(); }

} // namespace

void MainWindow::createSensitivity(QMenu* modelMenu) {
    sensitivityAction_ = modelMenu->addAction(tr("&Sensitivity…"), this, &MainWindow::showSensitivityDialog);
    sensitivityAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    sensitivityAction_->setStatusTip(tr("Measure how much quantizing each layer alone changes the model's outputs"));
    sensitivityAction_->setEnabled(false);

    sensitivity_ = new SensitivityView(this);
    QDockWidget* dock = addDock(tr("Sensitivity"), QStringLiteral("sensitivityDock"), sensitivity_, Qt::BottomDockWidgetArea);
    if (auto* evaluation = findChild<QDockWidget*>(QStringLiteral("evaluationDock"))) {
        tabifyDockWidget(evaluation, dock);
        evaluation->raise();
    }
    connect(workspace_.get(), &Workspace::modelChanged, this, [this] {
        sensitivityAction_->setEnabled(model() != nullptr);
        showSensitivity();
    });
    connect(workspace_.get(), &Workspace::projectChanged, this, &MainWindow::showSensitivity);
    connect(sensitivity_, &SensitivityView::layerClicked, this, &MainWindow::selectTensor);
    connect(layers_, &LayerBrowser::tensorSelected, sensitivity_, &SensitivityView::setSelectedLayer);
}

void MainWindow::showSensitivity() {
    const std::shared_ptr<const Project>& project = workspace_->project();
    sensitivity_->setProject(project, workspace_->model());
    layers_->setSensitivity(project && project->sensitivity ? &*project->sensitivity : nullptr);
    // A project holding a table (measured, or opened) shows it in front of the Evaluation panel.
    if (project && project->sensitivity) {
        if (auto* dock = findChild<QDockWidget*>(QStringLiteral("sensitivityDock"))) {
            dock->show();
            dock->raise();
        }
    }
}

void MainWindow::showSensitivityDialog() {
    if (!model()) {
        return;
    }
    if (!isCalibrated(project())) {
        auto* box = new QMessageBox(QMessageBox::Information, tr("Sensitivity"), needsCalibration(), QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return;
    }
    const QString modelPath = QString::fromStdString(model()->path);
    SensitivityRunRequest initial;
    initial.data = EvaluationSettings::load(modelPath);
    auto* dialog = new SensitivityDialog(*model(), initial, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, modelPath] {
        const SensitivityRunRequest request = dialog->request();
        // The data and its preparation are remembered with Evaluate's, for the same model.
        EvaluationSettings remembered = EvaluationSettings::load(modelPath);
        remembered.dataPath = request.data.dataPath;
        remembered.scale = request.data.scale;
        remembered.mean = request.data.mean;
        remembered.std = request.data.std;
        remembered.layout = request.data.layout;
        remembered.context = request.data.context;
        remembered.save(modelPath);
        measureSensitivity(request);
    });
    dialog->open();
}

bool MainWindow::measureSensitivity(const SensitivityRunRequest& request) {
    const std::shared_ptr<const Model> model = workspace_->model();
    const std::shared_ptr<const Project> project = workspace_->project();
    const auto refuse = [this](const QString& message) {
        log_->error(message);
        statusBar()->showMessage(tr("Sensitivity was not measured"), 10000);
        emit sensitivityFailed(message);
        return false;
    };
    if (!model) {
        return false;
    }
    if (!isCalibrated(project.get())) {
        return refuse(needsCalibration());
    }
    pipeline::SensitivityRequest r;
    try {
        r = request.pipelineRequest();
    } catch (const Error& e) {
        return refuse(tr("Sensitivity: %1").arg(QString::fromUtf8(e.what())));
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(tr("Measuring the sensitivity of %1 on %2 (%n sample(s), %3)", nullptr, int(request.limit))
                   .arg(modelName, request.data.dataPath, request.method));
    JobHandlers<ProjectSensitivity> handlers;
    handlers.done = [this, project](ProjectSensitivity result, qint64 elapsedMs) {
        onSensitivityMeasured(project, std::move(result), elapsedMs);
    };
    handlers.failed = [this](const JobError& error) {
        log_->error(tr("Sensitivity failed: %1").arg(error.message()));
        statusBar()->showMessage(tr("Sensitivity failed"), 10000);
        emit sensitivityFailed(error.message());
    };
    handlers.cancelled = [this] { log_->info(tr("Sensitivity was cancelled; the project is unchanged")); };
    // The job holds the model and the project it started from: neither changes under it.
    workspace_->start<ProjectSensitivity>(
        Workspace::JobKind::Sensitivity, tr("Measuring the sensitivity of %1").arg(modelName),
        [model, project, r](JobContext& job) { return pipeline::measureSensitivity(model, *project, r, job); },
        std::move(handlers));
    return true;
}

void MainWindow::onSensitivityMeasured(std::shared_ptr<const Project> base, ProjectSensitivity sensitivity,
                                       qint64 elapsedMs) {
    if (workspace_->project() != base) {
        // Another calibration or project arrived meanwhile: the table belongs to the old one.
        const QString message = tr("The project changed while the sensitivity was measured; the result was dropped");
        log_->error(message);
        emit sensitivityFailed(message);
        return;
    }
    log_->info(tr("Measured %1 layer and scheme pairs in %2 ms")
                   .arg(countText(int64_t(sensitivity.entries.size())), QString::number(elapsedMs)));
    auto project = std::make_shared<Project>(*base);
    project->sensitivity = std::move(sensitivity);
    workspace_->setProject(std::move(project), workspace_->projectPath(), true);
    statusBar()->showMessage(tr("Sensitivity measured: File > Save Project keeps it"), 10000);
    emit sensitivityFinished();
}

} // namespace qb
