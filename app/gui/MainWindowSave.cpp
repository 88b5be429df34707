// File > Save Project: the save runs as the workspace's Save job; here is what the window shows,
// and the question a close asks when there is unsaved work.
#include <QMessageBox>
#include <QPushButton>
#include <QStatusBar>
#include <QUndoStack>

#include "app/gui/MainWindow.h"
#include "app/gui/RecentFiles.h"
#include "app/gui/Workspace.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
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

// Not blocking (window-modal, open()): jobs report to the event loop meanwhile, and a save chosen
// here closes the window only once the file is written; a failed or abandoned save keeps it open.
bool MainWindow::confirmClose() {
    const bool projectChanged = project() && workspace_->isModified();
    const bool planOnly = !project() && !planEditor_->document()->undoStack()->isClean();
    if (closeConfirmed_ || (!projectChanged && !planOnly)) return true;
    if (unsavedBox_) { // asked already: bring the question back
        unsavedBox_->raise();
        unsavedBox_->activateWindow();
        return false;
    }
    const QString name = projectPath().isEmpty() ? tr("The new project") : displayName(projectPath());
    const QString text = projectChanged ? tr("%1 has changes that are not saved.").arg(name)
                                        : tr("The plan has edits that are not saved. A plan is saved with a "
                                             "project (calibrate or quantize first) or by Plan > Export Plan.");
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Unsaved Changes"), text, QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("unsavedChangesBox"));
    box->setInformativeText(projectChanged ? tr("Save them before closing?") : tr("Close and lose them?"));
    if (projectChanged) box->addButton(QMessageBox::Save);
    box->addButton(QMessageBox::Discard)->setText(tr("Close Without Saving"));
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(projectChanged ? QMessageBox::Save : QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    unsavedBox_ = box;
    connect(box, &QMessageBox::finished, this, [this, box](int) {
        unsavedBox_ = nullptr;
        const QMessageBox::StandardButton choice = box->standardButton(box->clickedButton());
        if (choice == QMessageBox::Discard) {
            closeConfirmed_ = true;
            close();
        } else if (choice == QMessageBox::Save) {
            // One shot: the next save's outcome decides (a save started by hand meanwhile counts too).
            auto saved = std::make_shared<QMetaObject::Connection>();
            auto failed = std::make_shared<QMetaObject::Connection>();
            *saved = connect(this, &MainWindow::projectSaved, this, [this, saved, failed] {
                disconnect(*saved);
                disconnect(*failed);
                if (workspace_->isModified()) return; // changed again while writing: ask again
                closeConfirmed_ = true;
                close();
            });
            *failed = connect(this, &MainWindow::projectSaveFailed, this, [this, saved, failed] {
                disconnect(*saved);
                disconnect(*failed);
            });
            if (!saveProject()) { // the file dialog was cancelled
                disconnect(*saved);
                disconnect(*failed);
            }
        }
    });
    box->open();
    return false;
}

} // namespace qb
