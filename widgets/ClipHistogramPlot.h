// One side of the clip workbench: a tensor's calibration histogram with the four clip points, the
// quantization grid of the chosen bit-width and a clip line the user drags while its SQNR updates.
#pragma once
#include <QVector>
#include <QWidget>
#include <array>
#include <optional>

#include "core/domain/calibration.h"
#include "core/stats/binned_density.h"

class QCPAbstractItem;
class QCPGraph;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QMouseEvent;

namespace qb {

/// Plots a ValueStats histogram (log counts). Symmetric tensors clip at [-t, t], the others at
/// [min(0, min), t]; the dragged line sets t and the grid follows it.
class ClipHistogramPlot : public QWidget {
    Q_OBJECT
public:
    /// Grid lines drawn at most; with more levels every k-th one is drawn.
    static constexpr int kMaxGridLines = 64;

    explicit ClipHistogramPlot(const QString& title, QWidget* parent = nullptr);

    /// Shows `stats` (a symmetric quantizer when `symmetric`) with its clip results `clips`
    /// at `bits`; the user line starts at the MSE clip.
    void setStats(const ValueStats& stats, bool symmetric, int bits, const std::array<ClipResult, 4>& clips);
    /// Changes the bit-width and the clip results shown, keeping the user clip where it is.
    void setBits(int bits, const std::array<ClipResult, 4>& clips);
    /// Clears the plot and shows `text` in its place.
    void showMessage(const QString& text);

    /// Moves the user clip to `value` (its magnitude, when symmetric) and updates the SQNR label:
    /// what dragging the line does.
    void setClip(double value);
    /// The user's clip range, and its SQNR from the histogram (BinnedDensity + sqnrDb).
    double clipLo() const { return lo_; }
    double clipHi() const { return hi_; }
    double clipSqnrDb() const { return sqnr_; }

    QCustomPlot* plot() const { return plot_; }
    QLabel* rangeLabel() const { return range_; }
    QLabel* sqnrLabel() const { return sqnrText_; }
    QLabel* gridLabel() const { return grid_; }
    /// The text of the label on clip line `method` (e.g. "mse 41.2 dB"); empty when not shown.
    QString clipLabel(ClipMethod method) const;

signals:
    /// The user clip moved (drag or setClip).
    void clipChanged(double lo, double hi, double sqnrDb);

private:
    void clearItems();
    void drawHistogram();
    void drawClipLines();
    void drawGrid();
    void updateUserClip();
    void onMousePress(QMouseEvent* e);
    void onMouseMove(QMouseEvent* e);
    QCPAbstractItem* verticalLine(double x, const QPen& pen);
    double pixelsFromUserLine(const QMouseEvent* e) const;

    QLabel* title_;
    QLabel* range_;
    QCustomPlot* plot_;
    QCPGraph* graph_;
    QCPItemText* message_;
    QLabel* sqnrText_;
    QLabel* grid_;
    std::optional<ValueStats> stats_;
    std::optional<BinnedDensity> density_;
    bool symmetric_ = true;
    int bits_ = 8;
    std::array<ClipResult, 4> clips_{};
    double lo_ = 0, hi_ = 0, sqnr_ = 0;
    bool dragging_ = false;
    QVector<QCPAbstractItem*> clipItems_;
    QVector<QCPAbstractItem*> gridItems_;
    QVector<QCPAbstractItem*> userItems_;
    std::array<QCPItemText*, 4> clipLabels_{};
};

/// "41.23 dB", or "lossless" for an infinite SQNR.
QString sqnrText(double db);

} // namespace qb
