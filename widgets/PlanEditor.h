// The mixed-precision plan editor: palette of scheme chips, the layers in execution order, the
// bits-along-depth chart, the inspector and the budget meter, all over one PlanDocument.
#pragma once
#include <QWidget>

class QCheckBox;
class QLabel;

namespace qb {

class BitsChart;
class BudgetMeter;
class ChipPalette;
class PlanDocument;
class PlanInspector;
class PlanTableView;

class PlanEditor : public QWidget {
    Q_OBJECT
public:
    explicit PlanEditor(QWidget* parent = nullptr);

    PlanDocument* document() const { return doc_; }
    ChipPalette* palette() const { return palette_; }
    PlanTableView* table() const { return table_; }
    BitsChart* chart() const { return chart_; }
    PlanInspector* inspector() const { return inspector_; }
    BudgetMeter* budget() const { return budget_; }
    QCheckBox* showAllBox() const { return showAll_; }
    /// The last refusal or note shown under the palette.
    QString statusText() const;

signals:
    /// A note or refusal for the status bar.
    void message(const QString& text);

private:
    void selectionChanged();
    void note(const QString& text, bool refused);

    PlanDocument* doc_;
    ChipPalette* palette_;
    PlanTableView* table_;
    BitsChart* chart_;
    PlanInspector* inspector_;
    BudgetMeter* budget_;
    QCheckBox* showAll_;
    QLabel* status_;
};

} // namespace qb
