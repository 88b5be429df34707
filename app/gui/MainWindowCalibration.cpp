// Model > Calibrate…: the dialog, the Calibration job and its outcome, the unsaved project.
#include <QStatusBar>

#include "app/gui/AppSettings.h"
#include "app/gui/CalibrationDialog.h"
#include "app/gui/MainWindow.h"
#include "core/pipeline/data_spec.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::showCalibrateDialog() {
    if (!model()) {
        return;
    }
    const QString modelPath = QString::fromStdString(model()->path);
    CalibrationRequest initial;
    initial.samples = AppSettings::load().calibrationSamples;
    initial.data = EvaluationSettings::load(modelPath);
    auto* dialog = new CalibrationDialog(*model(), initial, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, modelPath] {
        const CalibrationRequest request = dialog->request();
        // The data and preprocessing are remembered with Evaluate's, for the same model.
        EvaluationSettings remembered = EvaluationSettings::load(modelPath);
        remembered.dataPath = request.data.dataPath;
        if (!pipeline::readsText(*model())) {
            remembered.scale = request.data.scale;
            remembered.mean = request.data.mean;
            remembered.std = request.data.std;
            remembered.layout = request.data.layout;
        }
        remembered.save(modelPath);
        calibrate(request);
    });
    dialog->open();
}

bool MainWindow::calibrate(const CalibrationRequest& request) {
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(tr("Calibrating %1 on %2 (%n sample(s))", nullptr, int(request.samples)).arg(modelName, request.data.dataPath));
    JobHandlers<Project> handlers;
    handlers.done = [this](Project project, qint64 elapsedMs) { onCalibrated(std::move(project), elapsedMs); };
    handlers.failed = [this](const JobError& error) {
        log_->error(tr("Calibration failed: %1").arg(error.message()));
        statusBar()->showMessage(tr("Calibration failed"), 10000);
        emit calibrationFailed(error.message());
    };
    handlers.cancelled = [this] { log_->info(tr("Calibration was cancelled; nothing was kept")); };
    // The job holds the model, so its mapped weights outlive a model switch.
    workspace_->start<Project>(
        Workspace::JobKind::Calibration, tr("Calibrating %1").arg(modelName),
        [model, request](JobContext& job) { return calibrateModel(model, request, job); }, std::move(handlers));
    return true;
}

void MainWindow::onCalibrated(Project project, qint64 elapsedMs) {
    log_->info(tr("Calibrated %1 layers on %2 samples in %3 ms")
                   .arg(countText(int64_t(project.calibration.layers.size())),
                        countText(project.calibration.samplesUsed), QString::number(elapsedMs)));
    // A new calibration is a new project: not saved anywhere yet.
    workspace_->setProject(std::make_shared<const Project>(std::move(project)), {}, true);
    statusBar()->showMessage(tr("Calibrated: File > Save Project keeps the result"), 10000);
    emit calibrationFinished();
}

} // namespace qb
