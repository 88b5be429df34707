// Autosave and crash recovery in the window: the autosave follows the plan editor and the settings,
// File > Recover Unsaved Work offers crashed windows' autosaves, and a recovered one opens as the
// unsaved project of its original file.
#include <QAction>
#include <QCoreApplication>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QStatusBar>
#include <QUndoStack>

#include "app/gui/AppSettings.h"
#include "app/gui/Autosave.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RecoveryDialog.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::createAutosave() {
    autosave_ = std::make_unique<Autosave>(workspace_.get());
    autosave_->setIntervalMinutes(AppSettings::load().autosaveMinutes);
    // A plan edit (undone or not) is unsaved work, with or without a project.
    QUndoStack* undo = planEditor_->document()->undoStack();
    connect(undo, &QUndoStack::indexChanged, this, [this, undo] {
        if (!undo->isClean()) autosave_->noteChange(AutosaveChange::Plan);
    });
    connect(autosave_.get(), &Autosave::autosaved, this, [this](const QString& sidecar) {
        log_->info(tr("Autosaved the unsaved changes to %1").arg(sidecar));
    });
    connect(autosave_.get(), &Autosave::autosaveFailed, this,
            [this](const QString& message) { log_->error(tr("Autosave failed: %1").arg(message)); });

    // File > Recover Unsaved Work…, just above Settings.
    QMenu* file = menuBar()->actions().value(0) ? menuBar()->actions().value(0)->menu() : nullptr;
    if (!file) return;
    auto* recoverAction = new QAction(tr("&Recover Unsaved Work…"), this);
    recoverAction->setObjectName(QStringLiteral("recoverAction"));
    recoverAction->setStatusTip(tr("Open what was autosaved before QuantBench crashed or was killed"));
    connect(recoverAction, &QAction::triggered, this, [this] { offerRecovery(true); });
    QAction* before = nullptr;
    for (QAction* a : file->actions()) {
        if (a->menuRole() == QAction::PreferencesRole) before = a;
    }
    file->insertAction(before, recoverAction);
}

RecoveryDialog* MainWindow::offerRecovery(bool sayIfNone) {
    QList<AutosaveRecord> records = orphanedAutosaves();
    if (records.isEmpty()) {
        if (sayIfNone) statusBar()->showMessage(tr("There is no unsaved work to recover"), 8000);
        return nullptr;
    }
    auto* dialog = new RecoveryDialog(std::move(records), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RecoveryDialog::recoverRequested, this, &MainWindow::recover);
    dialog->open();
    return dialog;
}

void MainWindow::recover(const AutosaveRecord& record) {
    if (record.sidecar.isEmpty()) {
        log_->error(tr("Nothing to recover: the autosave record cannot be read"));
        return;
    }
    if (model()) { // this window holds work of its own: recover in a window of its own
        QProcess::startDetached(QCoreApplication::applicationFilePath(), {QStringLiteral("--recover"), record.recordPath});
        return;
    }
    log_->info(tr("Recovering unsaved work from %1").arg(record.sidecar));
    JobHandlers<pipeline::OpenedInput> handlers;
    handlers.done = [this, record](pipeline::OpenedInput opened, qint64 elapsedMs) {
        if (!opened.project) return;
        // Shown as the original file, or for a project never saved as its model.
        const QString shown = record.source.isEmpty() ? QString::fromStdString(opened.project->modelPath) : record.source;
        onOpened(shown, std::move(opened), elapsedMs);
        // The sidecar stays this window's autosave until the project is saved or discarded.
        autosave_->adopt(record);
        workspace_->setProject(workspace_->project(), record.source, true);
        log_->info(tr("Recovered the unsaved work on %1 (%2)").arg(shown, record.changesText()));
        statusBar()->showMessage(tr("Recovered %1: save it to keep the changes").arg(displayName(shown)), 10000);
        emit recovered(shown);
    };
    handlers.failed = [this, record](const JobError& error) { onOpenFailed(record.sidecar, true, error); };
    workspace_->start<pipeline::OpenedInput>(
        Workspace::JobKind::Open, tr("Recovering %1").arg(displayName(record.source.isEmpty() ? record.modelPath : record.source)),
        [file = record.sidecar.toStdString()](JobContext& job) { return pipeline::openInput(file, job); },
        std::move(handlers));
}

} // namespace qb
