// Opening a model file, safetensors folder or project as the window's Open job.
#include <QMessageBox>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "app/gui/RecentFiles.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::openPath(const QString& path) {
    if (path.isEmpty()) {
        return;
    }
    const bool isProject = isProjectFile(path.toStdString());
    log_->info(tr("Opening %1").arg(path));
    JobHandlers<pipeline::OpenedInput> handlers;
    handlers.done = [this, path](pipeline::OpenedInput opened, qint64 elapsedMs) {
        onOpened(path, std::move(opened), elapsedMs);
    };
    handlers.failed = [this, path, isProject](const JobError& error) { onOpenFailed(path, isProject, error); };
    handlers.cancelled = [this, path] { log_->info(tr("Opening %1 was cancelled").arg(path)); };
    // A project's model hash is checked before anything is shown: a changed model is refused.
    workspace_->start<pipeline::OpenedInput>(
        Workspace::JobKind::Open, tr("Opening %1").arg(displayName(path)),
        [file = path.toStdString()](JobContext& job) { return pipeline::openInput(file, job); },
        std::move(handlers));
}

void MainWindow::onOpened(const QString& path, pipeline::OpenedInput opened, qint64 elapsedMs) {
    // Whatever was computed on the previous model is of no use now.
    workspace_->abandon(Workspace::JobKind::Analysis);
    workspace_->abandon(Workspace::JobKind::Calibration);
    workspace_->abandon(Workspace::JobKind::Quantization);
    workspace_->setModel(opened.model);
    setWindowFilePath(path);
    recent_->add(path);
    log_->info(tr("Opened %1 in %2 ms: %3 tensors, %4 parameters")
                   .arg(path, QString::number(elapsedMs), countText(int64_t(opened.model->tensors.size())),
                        countText(opened.model->totalParams())));
    statusBar()->showMessage(tr("Opened %1").arg(displayName(path)), 5000);
    // Start with the first weight a quantizer would touch, so the plots are not empty; a
    // project then moves the selection to its first calibrated layer.
    for (const TensorEntry& t : opened.model->tensors) {
        if (t.quantizable) {
            selectTensor(QString::fromStdString(t.name));
            break;
        }
    }
    const bool isProject = opened.project.has_value();
    workspace_->setProject(isProject ? std::make_shared<const Project>(std::move(*opened.project)) : nullptr,
                           isProject ? path : QString(), false);
    emit modelOpened(path);
}

void MainWindow::onOpenFailed(const QString& path, bool isProject, const JobError& error) {
    const QString message = error.message();
    // A qb::Error about the file itself names it already; anything else needs it added.
    log_->error(error.where == path ? message : tr("Cannot open %1: %2").arg(path, message));
    statusBar()->showMessage(tr("Cannot open %1").arg(displayName(path)), 10000);
    if (isProject) {
        // Window-modal, not blocking: the core's words (e.g. the model changed since calibration).
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Project"),
                                    tr("Cannot open the project %1.").arg(displayName(path)), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("projectErrorBox"));
        box->setInformativeText(message);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit projectFailed(message);
    }
    emit openFailed(message);
}

} // namespace qb
