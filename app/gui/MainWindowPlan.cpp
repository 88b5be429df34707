// The plan editor in the window: its dock, the Edit menu (undo/redo of plan edits), the Plan menu
// (import, export, quantize with the plan), and the plan kept in step with the workspace.
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QUndoStack>

#include "app/gui/MainWindow.h"
#include "core/util/error.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {
const QString kPlanDirKey = QStringLiteral("planDirectory");
} // namespace

void MainWindow::createPlanDock() {
    planEditor_ = new PlanEditor(this);
    QDockWidget* dock = addDock(tr("Plan"), QStringLiteral("planDock"), planEditor_, Qt::LeftDockWidgetArea);
    if (auto* layers = findChild<QDockWidget*>(QStringLiteral("layersDock"))) {
        tabifyDockWidget(layers, dock);
        layers->raise();
    }
    PlanDocument* doc = planEditor_->document();
    connect(workspace_.get(), &Workspace::modelChanged, this, &MainWindow::showPlanModel);
    connect(workspace_.get(), &Workspace::projectChanged, this, [this, doc] {
        const auto& project = workspace_->project();
        if (doc->model() && project)
            doc->setCalibration(std::shared_ptr<const Calibration>(project, &project->calibration));
    });
    // The workspace's plan and the editor's are one: each follows the other when it changes.
    connect(workspace_.get(), &Workspace::planChanged, this, [this, doc] {
        const auto& plan = workspace_->plan();
        if (plan && doc->model() && !(*plan == doc->plan())) doc->setPlan(*plan);
    });
    connect(doc, &PlanDocument::planChanged, this, [this, doc] {
        const auto& plan = workspace_->plan();
        if (doc->model() && (!plan || !(*plan == doc->plan())))
            workspace_->setPlan(std::make_shared<const quant::Plan>(doc->plan()));
        if (quantizeWithPlanAction_) {
            const bool can = doc->model() && doc->problems().empty() && !workspace_->isBusy(Workspace::JobKind::Quantization);
            quantizeWithPlanAction_->setEnabled(can);
            quantizeAndEvaluateAction_->setEnabled(can);
        }
    });
    // An edit, undone or not (a plan loaded from the project clears the stack), leaves the
    // project unsaved: the plan is saved with it.
    connect(doc->undoStack(), &QUndoStack::indexChanged, this, [this, doc] {
        if (!doc->undoStack()->isClean()) workspace_->markModified();
    });
    connect(planEditor_, &PlanEditor::message, this, [this](const QString& text) { statusBar()->showMessage(text, 8000); });
}

void MainWindow::showPlanModel() {
    const auto& project = workspace_->project();
    planEditor_->document()->setModel(
        workspace_->model(), project ? std::shared_ptr<const Calibration>(project, &project->calibration) : nullptr);
}

void MainWindow::createEditMenu() {
    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QUndoStack* undo = planEditor_->document()->undoStack();
    undoAction_ = undo->createUndoAction(this, tr("&Undo"));
    undoAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    undoAction_->setStatusTip(tr("Undo the last edit of the plan"));
    redoAction_ = undo->createRedoAction(this, tr("&Redo"));
    redoAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
    redoAction_->setStatusTip(tr("Redo the plan edit undone last"));
    edit->addAction(undoAction_);
    edit->addAction(redoAction_);
}

void MainWindow::createPlanMenu() {
    QMenu* plan = menuBar()->addMenu(tr("&Plan"));
    QAction* import = plan->addAction(tr("&Import Plan…"), this, &MainWindow::choosePlanToImport);
    import->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_I));
    import->setStatusTip(tr("Read a plan JSON file into the plan editor"));
    QAction* exportAction = plan->addAction(tr("&Export Plan…"), this, &MainWindow::choosePlanExportPath);
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    exportAction->setStatusTip(tr("Write the edited plan as a plan JSON file for the CLI or a later import"));
    plan->addSeparator();
    quantizeWithPlanAction_ = plan->addAction(tr("&Quantize with This Plan"), this,
                                              [this] { quantize(planEditor_->document()->plan()); });
    quantizeWithPlanAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    quantizeWithPlanAction_->setStatusTip(tr("Quantize the open model by the edited plan"));
    quantizeWithPlanAction_->setEnabled(false);
    quantizeAndEvaluateAction_ = plan->addAction(tr("Quantize and E&valuate"), this, &MainWindow::startQuantizeAndEvaluate);
    quantizeAndEvaluateAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Y));
    quantizeAndEvaluateAction_->setStatusTip(
        tr("Quantize again the layers whose plan entry changed, then evaluate fp32 against the result"));
    quantizeAndEvaluateAction_->setEnabled(false);
    for (QAction* a : {import, exportAction}) a->setEnabled(false);
    connect(workspace_.get(), &Workspace::modelChanged, this, [this, import, exportAction] {
        import->setEnabled(model() != nullptr);
        exportAction->setEnabled(model() != nullptr);
    });
    connect(workspace_.get(), &Workspace::jobStarted, this, [this](Workspace::JobKind kind) {
        if (kind == Workspace::JobKind::Quantization) {
            quantizeWithPlanAction_->setEnabled(false);
            quantizeAndEvaluateAction_->setEnabled(false);
        }
    });
    auto idle = [this](Workspace::JobKind kind) {
        if (kind == Workspace::JobKind::Quantization) {
            const bool can = model() && planEditor_->document()->problems().empty();
            quantizeWithPlanAction_->setEnabled(can);
            quantizeAndEvaluateAction_->setEnabled(can);
        }
    };
    connect(workspace_.get(), &Workspace::jobSucceeded, this, idle);
    connect(workspace_.get(), &Workspace::jobFailed, this, idle);
    connect(workspace_.get(), &Workspace::jobCancelled, this, idle);
}

void MainWindow::choosePlanToImport() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Import Plan"), settings.value(kPlanDirKey).toString(),
                                                      tr("Plans (*.json);;All files (*)"));
    if (path.isEmpty()) return;
    settings.setValue(kPlanDirKey, QFileInfo(path).absolutePath());
    importPlan(path);
}

void MainWindow::choosePlanExportPath() {
    QSettings settings;
    QString path = QFileDialog::getSaveFileName(this, tr("Export Plan"), settings.value(kPlanDirKey).toString(),
                                                tr("Plans (*.json)"));
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty()) path += QStringLiteral(".json");
    settings.setValue(kPlanDirKey, QFileInfo(path).absolutePath());
    exportPlan(path);
}

bool MainWindow::importPlan(const QString& path) {
    if (!model()) return false;
    quant::Plan plan;
    try {
        plan = quant::readPlan(path.toStdString());
    } catch (const Error& e) {
        log_->error(tr("Cannot import the plan: %1").arg(QString::fromStdString(e.what())));
        statusBar()->showMessage(tr("Cannot import the plan"), 10000);
        return false;
    }
    PlanDocument* doc = planEditor_->document();
    doc->replacePlan(plan, tr("Import %1").arg(displayName(path)));
    const auto& problems = doc->problems();
    for (const std::string& p : problems) log_->error(tr("Plan %1: %2").arg(displayName(path), QString::fromStdString(p)));
    if (problems.empty()) {
        log_->info(tr("Imported the plan %1").arg(path));
        statusBar()->showMessage(tr("Imported the plan %1").arg(displayName(path)), 8000);
    } else {
        statusBar()->showMessage(
            tr("Imported the plan %1 with problems (%2), listed in the log").arg(displayName(path)).arg(problems.size()), 15000);
    }
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("planDock"))) dock->raise();
    return true;
}

bool MainWindow::exportPlan(const QString& path) {
    if (!model()) return false;
    try {
        quant::writePlan(path.toStdString(), planEditor_->document()->plan());
    } catch (const Error& e) {
        log_->error(tr("Cannot export the plan: %1").arg(QString::fromStdString(e.what())));
        statusBar()->showMessage(tr("Cannot export the plan"), 10000);
        return false;
    }
    // Without a project the exported file is where the plan is kept: closing need not ask.
    if (!project()) planEditor_->document()->undoStack()->setClean();
    log_->info(tr("Exported the plan to %1").arg(path));
    statusBar()->showMessage(tr("Exported the plan to %1").arg(displayName(path)), 8000);
    return true;
}

} // namespace qb
