// A compact grid of one tensor's statistics (min, max, mean, std, abs-max, kurtosis, outliers).
#pragma once
#include <QWidget>
#include <vector>

#include "core/stats/tensor_stats.h"

class QLabel;

namespace qb {

/// Name/value pairs of a TensorStats laid out in a grid; empty values until setStats().
class StatsPanel : public QWidget {
    Q_OBJECT
public:
    explicit StatsPanel(QWidget* parent = nullptr);

    void setStats(const TensorStats& stats);
    void clear();
    /// The panel as "name value" lines, for tests and copying.
    QString text() const;

private:
    void addField(const QString& name, const QString& toolTip);

    std::vector<QLabel*> names_;
    std::vector<QLabel*> values_;
};

} // namespace qb
