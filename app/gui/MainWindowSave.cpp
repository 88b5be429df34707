// File > Save Project: the save runs as the workspace's Save job; here is what the window shows.
#include <QMessageBox>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "app/gui/RecentFiles.h"
#include "widgets/LogView.h"
#include "widgets/TextFormat.h"

namespace qb {

bool MainWindow::saveProject() {
    if (!project()) {
        return false;
    }
    if (projectPath().isEmpty()) {
        return chooseProjectPath();
    }
    return saveProjectAs(projectPath());
}

bool MainWindow::saveProjectAs(const QString& path) { return workspace_->save(path); }

void MainWindow::onSaved(const QString& path) {
    if (projectPath() == path) { // not when a newer project replaced the one written meanwhile
        setWindowFilePath(path);
    }
    recent_->add(path);
    log_->info(tr("Saved the project to %1").arg(path));
    statusBar()->showMessage(tr("Saved %1").arg(displayName(path)), 5000);
    emit projectSaved(path);
}

void MainWindow::onSaveFailed(const JobError& error) {
    const QString message = error.message();
    log_->error(message);
    // Window-modal, not blocking: the job's handler must return to the event loop.
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Save Project"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("saveErrorBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    emit projectSaveFailed(message);
}

} // namespace qb
