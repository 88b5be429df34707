// The Evaluation panel: the figures of the latest evaluation and a table with one row per run,
// so fp32 and later quantized runs of a model can be compared side by side.
#pragma once
#include <QWidget>
#include <vector>

#include "widgets/EvaluationRun.h"

class QFormLayout;
class QGroupBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace qb {

/// Shows the latest run in a form (classifier or language-model figures) and every run in a table.
class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    /// Widest a table column grows to fit its contents, in pixels; longer text is elided.
    static constexpr int kMaxColumnWidth = 180;
    enum Column { ColModel, ColWeights, ColData, ColMetric, ColValue, ColSamples, ColSeconds, ColSettings, ColumnCount };

    explicit EvaluationPanel(QWidget* parent = nullptr);

    /// Shows `run` in the form and appends it to the table.
    void addRun(EvaluationRun run);
    /// Empties the table and the form.
    void clear();

    int runCount() const { return int(runs_.size()); }
    const EvaluationRun& run(int index) const { return runs_.at(size_t(index)); }
    QTableWidget* resultTable() const { return table_; }
    /// The sample text shown for the latest language-model run.
    QString sampleText() const;

private:
    void showRun(const EvaluationRun& run);
    void appendRow(const EvaluationRun& run);

    QFormLayout* form_;
    QLabel* placeholder_;
    QLabel* model_;
    QLabel* data_;
    QLabel* settings_;
    QLabel* top1_;
    QLabel* top5_;
    QLabel* perplexity_;
    QLabel* meanNll_;
    QLabel* samples_;
    QLabel* seconds_;
    QLabel* throughput_;
    QPlainTextEdit* sample_;
    QGroupBox* sampleBox_;
    QTableWidget* table_;
    std::vector<EvaluationRun> runs_;
};

} // namespace qb
