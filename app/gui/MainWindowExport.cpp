// File > Export…: the dialog with its pre-export check, the Export job and its outcome.
#include <QFileInfo>
#include <QMessageBox>
#include <QStatusBar>

#include "app/gui/ExportDialog.h"
#include "app/gui/MainWindow.h"
#include "core/pipeline/export.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::showExportDialog() {
    const std::shared_ptr<const Project>& project = workspace_->project();
    if (!model() || !project || !project->quantization) {
        return;
    }
    const QFileInfo source(QString::fromStdString(model()->path));
    auto* dialog = new ExportDialog(workspace_.get(),
                                    source.absolutePath() + QLatin1Char('/') + source.completeBaseName() +
                                        QStringLiteral("-quantized.gguf"),
                                    this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { exportProject(dialog->format(), dialog->destination()); });
    dialog->open();
}

bool MainWindow::exportProject(exporters::ExportFormat format, const QString& path) {
    const std::shared_ptr<const Model> model = workspace_->model();
    const std::shared_ptr<const Project> project = workspace_->project();
    if (!model || !project || !project->quantization) {
        return false;
    }
    const QString formatName = QString::fromStdString(exporters::formatName(format));
    log_->info(tr("Exporting %1 as %2 to %3").arg(displayName(QString::fromStdString(model->path)), formatName, path));
    JobHandlers<exporters::ExportResult> handlers;
    handlers.done = [this, path](exporters::ExportResult r, qint64 elapsedMs) {
        log_->info(tr("Exported %1 layers to %2 in %3 ms: %4 bytes, %5 layer(s) written otherwise than planned")
                       .arg(countText(int64_t(r.layers)), path, QString::number(elapsedMs), countText(int64_t(r.sizeBytes)))
                       .arg(r.fallbacks.size()));
        statusBar()->showMessage(tr("Exported %1").arg(displayName(path)), 10000);
        emit exportFinished(path);
    };
    handlers.failed = [this](const JobError& error) {
        const QString message = error.message();
        log_->error(tr("Export failed: %1").arg(message));
        // Window-modal, not blocking: the job's handler must return to the event loop.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Export"), message, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("exportErrorBox"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit exportFailed(message);
    };
    handlers.cancelled = [this] { log_->info(tr("Export was cancelled; nothing was written")); };
    workspace_->start<exporters::ExportResult>(
        Workspace::JobKind::Export, tr("Exporting %1").arg(displayName(path)),
        [model, project, format, file = path.toStdString()](JobContext& job) {
            return pipeline::exportProject(format, model, *project, file, job);
        },
        std::move(handlers));
    return true;
}

} // namespace qb
