// The Histogram panel: a tensor's value histogram (step plot, optional log y) and its statistics.
#pragma once
#include <QWidget>
#include <optional>

#include "core/stats/tensor_stats.h"

class QCheckBox;
class QComboBox;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace qb {

class StatsPanel;

/// Plots a precomputed TensorSummary (never the tensor itself); drag pans, the wheel zooms.
class HistogramView : public QWidget {
    Q_OBJECT
public:
    explicit HistogramView(QWidget* parent = nullptr);

    /// Plots the histogram of tensor `name` and fills the statistics.
    void setSummary(const QString& name, const TensorSummary& summary);
    /// Clears the plot and shows `text` in its place ("computing…", an error).
    void showMessage(const QString& text);
    /// The summary being shown, or null.
    const TensorSummary* summary() const { return summary_ ? &*summary_ : nullptr; }
    QString tensorName() const { return name_; }

    void setLogScale(bool on);
    bool logScale() const;
    /// Shows the whole histogram again after zooming or panning.
    void resetZoom();
    /// Bins drawn: the computed bins merged in runs, so small tensors do not look like noise.
    int displayedBins() const;

    QCustomPlot* plot() const { return plot_; }
    StatsPanel* statsPanel() const { return stats_; }

protected:
    /// The title is built with numbers: built again in a new language.
    void changeEvent(QEvent* event) override;

private:
    void updateGraph();
    void updateTitle();

    QLabel* title_;
    QCheckBox* logY_;
    QComboBox* bins_;
    QCustomPlot* plot_;
    QCPGraph* graph_;
    QCPItemText* message_;
    StatsPanel* stats_;
    QString name_;
    std::optional<TensorSummary> summary_;
};

} // namespace qb
