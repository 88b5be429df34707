// The automatic planner on screen: the Pareto curve of model size against predicted change from
// the project's sensitivity table, the uniform schemes marked beside it and the editor's plan as a
// star; a budget (bits per weight or MB, optionally a latency target) or a click on a point asks
// the planner (core/quant/auto_plan.h) for the plan of least predicted change at that size.
#pragma once
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "core/domain/latency.h"
#include "core/domain/sensitivity.h"
#include "core/model/model.h"
#include "core/quant/auto_plan.h"

class QComboBox;
class QCPGraph;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QDoubleSpinBox;
class QLabel;
class QMouseEvent;
class QPushButton;

namespace qb {

class PlannerView : public QWidget {
    Q_OBJECT
public:
    explicit PlannerView(QWidget* parent = nullptr);
    ~PlannerView() override;

    /// Plans for `model` over `table` (null: a hint says how to get one); `latency`, when measured
    /// on this machine, allows a latency target. `otherBytes` are the tensors no plan touches, so
    /// an MB budget is the whole model's size as the budget meter shows it.
    void setInputs(std::shared_ptr<const Model> model, std::shared_ptr<const ProjectSensitivity> table,
                   std::shared_ptr<const ProjectLatency> latency, uint64_t otherBytes);
    /// The editor's plan drawn as a star (nullopt, or no predicted change: hidden).
    void markPlan(std::optional<double> bitsPerWeight, std::optional<double> predictedChange);

    /// The plan of least predicted change within `bytes` of quantizable weights (and `latencyMs`
    /// when > 0); planChosen() follows. On a budget or target the planner cannot meet, the reason
    /// is shown under the plot and returned in `why`; false then, and without a planner.
    bool planToBytes(uint64_t bytes, double latencyMs = 0, QString* why = nullptr);
    /// The same at an average of `bitsPerWeight` over the quantizable weights.
    bool planToBitsPerWeight(double bitsPerWeight, double latencyMs = 0, QString* why = nullptr);

    const quant::AutoPlanner* planner() const { return planner_.get(); }
    const std::vector<quant::ParetoPoint>& curve() const { return curve_; }
    const std::vector<quant::AutoPlanner::UniformPoint>& uniform() const { return uniform_; }
    /// The last plan chosen, if any since the inputs were set.
    const std::optional<quant::AutoPlan>& lastPlan() const { return last_; }
    QCustomPlot* plot() const { return plot_; }
    QDoubleSpinBox* budgetBox() const { return budget_; }
    /// 0: bits per weight, 1: MB (the whole model).
    QComboBox* unitBox() const { return unit_; }
    QDoubleSpinBox* latencyBox() const { return latencyTarget_; }
    QPushButton* planButton() const { return planButton_; }
    QString statusText() const;
    /// The plot position (pixels) of curve point `i`, for tests that click it.
    QPoint curvePixel(size_t i) const;

signals:
    /// A plan was made (the Plan button, or a click on a point of the plot).
    void planChosen(const quant::AutoPlan& plan);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void updateHint();
    void rebuild();
    void redraw();
    void onPlotClicked(QMouseEvent* event);
    void onPlanClicked();
    void onUnitChanged();
    void showStatus(const QString& text, bool error);
    /// Predicted changes at or below this are drawn at it (a log axis has no 0).
    double floorOf(double v) const;

    std::shared_ptr<const Model> model_;
    std::shared_ptr<const ProjectSensitivity> table_;
    std::shared_ptr<const ProjectLatency> latency_;
    uint64_t otherBytes_ = 0;
    std::unique_ptr<quant::AutoPlanner> planner_;
    std::vector<quant::ParetoPoint> curve_;
    std::vector<quant::AutoPlanner::UniformPoint> uniform_;
    std::optional<quant::AutoPlan> last_;
    std::optional<double> markBits_, markChange_;
    double floor_ = 1e-6;
    bool budgetInBits_ = true; ///< the unit budget_ holds its value in
    QString problem_; ///< why there is no planner

    QLabel* hint_;
    QCustomPlot* plot_;
    QCPGraph* curveGraph_ = nullptr;
    QCPGraph* uniformGraph_ = nullptr;
    QCPGraph* markGraph_ = nullptr;
    QCPGraph* chosenGraph_ = nullptr;
    std::vector<QCPItemText*> uniformLabels_;
    QCPItemStraightLine* floorLine_ = nullptr;
    QCPItemText* floorLabel_ = nullptr;
    QLabel* budgetLabel_;
    QDoubleSpinBox* budget_;
    QComboBox* unit_;
    QLabel* latencyLabel_;
    QDoubleSpinBox* latencyTarget_;
    QPushButton* planButton_;
    QLabel* status_;
};

} // namespace qb
