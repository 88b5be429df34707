// The Channel ranges panel: per-output-channel min and max of a tensor as a filled band.
#pragma once
#include <QWidget>
#include <optional>

#include "core/stats/tensor_stats.h"

class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;

namespace qb {

/// Plots precomputed ChannelRanges: the band between each channel's min and max.
class ChannelRangeView : public QWidget {
    Q_OBJECT
public:
    explicit ChannelRangeView(QWidget* parent = nullptr);

    /// Plots the ranges of tensor `name` along `axis`.
    void setRanges(const QString& name, int axis, const ChannelRanges& ranges);
    /// Clears the plot and shows `text` in its place.
    void showMessage(const QString& text);
    /// Number of channels plotted (0 when showing a message).
    int channelCount() const;

    QCustomPlot* plot() const { return plot_; }

protected:
    /// The title is built with numbers: built again in a new language.
    void changeEvent(QEvent* event) override;

private:
    void resetZoom();
    void updateTitle();

    QLabel* title_;
    QCustomPlot* plot_;
    QCPGraph* max_;
    QCPGraph* min_;
    QCPItemText* message_;
    std::optional<ChannelRanges> ranges_;
    QString name_;
    int axis_ = 0;
};

} // namespace qb
