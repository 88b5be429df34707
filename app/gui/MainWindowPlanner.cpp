// The Automatic Plan dock: the planner over the project's sensitivity table (widgets/PlannerView),
// its plans loaded into the plan editor as one undo step, the editor's plan starred on the curve,
// and the budget meter's predicted change fed from the same table.
#include <QDockWidget>
#include <QLocale>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "core/pipeline/latency.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/PlannerView.h"

namespace qb {

namespace {

// KL of each (layer, scheme) of the table: what the planner minimises, so the meter and the
// curve's star predict the same way.
SensitivityTable klTable(const ProjectSensitivity& sensitivity) {
    SensitivityTable table;
    for (const SensitivityEntry& e : sensitivity.entries) table[e.layer][e.scheme] = e.kl;
    return table;
}

} // namespace

void MainWindow::createPlanner() {
    planner_ = new PlannerView(this);
    QDockWidget* dock = addDock(tr("Automatic Plan"), QStringLiteral("plannerDock"), planner_, Qt::BottomDockWidgetArea);
    if (auto* sensitivity = findChild<QDockWidget*>(QStringLiteral("sensitivityDock"))) {
        tabifyDockWidget(sensitivity, dock);
        if (auto* evaluation = findChild<QDockWidget*>(QStringLiteral("evaluationDock"))) evaluation->raise();
    }
    connect(workspace_.get(), &Workspace::modelChanged, this, &MainWindow::showPlanner);
    connect(workspace_.get(), &Workspace::projectChanged, this, &MainWindow::showPlanner);
    PlanDocument* doc = planEditor_->document();
    connect(doc, &PlanDocument::planChanged, this, &MainWindow::markEditorPlan);
    connect(planner_, &PlannerView::planChosen, this, [this, doc](const quant::AutoPlan& plan) {
        const QString bits = QLocale().toString(plan.size.bitsPerWeight(), 'f', 3);
        doc->replacePlan(plan.plan, tr("Automatic plan at %1 bits per weight").arg(bits));
        log_->info(tr("Automatic plan: %1 bits per weight, predicted KL %2, loaded into the plan editor")
                       .arg(bits, QLocale().toString(plan.predictedDelta, 'g', 4)));
        statusBar()->showMessage(tr("Automatic plan at %1 bits per weight loaded into the plan editor (Undo restores the "
                                    "previous plan)").arg(bits), 10000);
    });
}

void MainWindow::showPlanner() {
    const std::shared_ptr<const Project>& project = workspace_->project();
    const std::shared_ptr<const Model>& model = workspace_->model();
    PlanDocument* doc = planEditor_->document();
    const bool measured = model && project && project->sensitivity && !project->sensitivity->entries.empty();
    // The planner and the meter keep the table of the project they were given; a project that
    // replaces it without a table (a new calibration) clears both.
    std::shared_ptr<const ProjectSensitivity> table;
    if (measured) table = std::shared_ptr<const ProjectSensitivity>(project, &*project->sensitivity);
    if (table.get() != plannedTable_) {
        plannedTable_ = table.get();
        if (table)
            doc->setSensitivity(klTable(*table), QStringLiteral("KL"));
        else if (!doc->sensitivity().empty())
            doc->setSensitivity({}, QString());
    }
    std::shared_ptr<const ProjectLatency> latency;
    if (model && project && project->latency && pipeline::latencyIsCurrent(*project->latency, *model))
        latency = std::shared_ptr<const ProjectLatency>(project, &*project->latency);
    planner_->setInputs(model, table, latency, model ? doc->otherBytes() : 0);
    markEditorPlan();
}

void MainWindow::markEditorPlan() {
    const PlanDocument* doc = planEditor_->document();
    const auto size = doc->size();
    planner_->markPlan(size ? std::optional<double>(size->bitsPerWeight()) : std::nullopt, doc->predictedChange());
}

bool MainWindow::planToBudget(double bitsPerWeight, double latencyMs) {
    return planner_->planToBitsPerWeight(bitsPerWeight, latencyMs);
}

} // namespace qb
