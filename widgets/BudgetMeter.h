// The plan editor's live budget: the model's size and average bits per weight under the plan, and
// the predicted change of the metric once sensitivity data exists, and the predicted latency once
// the project holds a latency table of this machine.
#pragma once
#include <QWidget>

class QLabel;
class QProgressBar;

namespace qb {

class PlanDocument;

class BudgetMeter : public QWidget {
    Q_OBJECT
public:
    explicit BudgetMeter(PlanDocument* doc, QWidget* parent = nullptr);

    /// Bytes of the planned layers and their average bits per weight (0 while the plan has problems).
    uint64_t plannedBytes() const { return bytes_; }
    double bitsPerWeight() const { return bits_; }
    /// The lines as shown.
    QString sizeText() const;
    QString bitsText() const;
    QString predictionText() const;
    QString latencyText() const;

private:
    void refresh();
    void refreshLatency();

    PlanDocument* doc_;
    QLabel* size_;
    QLabel* bitsLabel_;
    QLabel* layersLabel_;
    QLabel* prediction_;
    QLabel* latency_;
    QProgressBar* bar_;
    uint64_t bytes_ = 0;
    double bits_ = 0;
};

} // namespace qb
