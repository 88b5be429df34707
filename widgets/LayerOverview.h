// The Layer Overview panel: every calibrated layer along the network as min/max/p99.9 whiskers,
// weights above and input activations below, outlier-heavy layers highlighted.
#pragma once
#include <QWidget>
#include <memory>

#include "core/domain/calibration.h"

namespace qb {

/// Paints the whiskers on a symmetric log scale (asinh), so layers whose ranges differ by orders
/// of magnitude share one axis. Clicking a layer emits layerClicked.
class LayerOverview : public QWidget {
    Q_OBJECT
public:
    /// A tensor is outlier-heavy when its largest magnitude exceeds this many times |p99.9|.
    static constexpr double kOutlierRatio = 3.0;

    explicit LayerOverview(QWidget* parent = nullptr);

    /// Shows the layers of `calibration` (null clears).
    void setCalibration(std::shared_ptr<const Calibration> calibration);
    /// Highlights the layer whose weight is `name` (none if it is not calibrated).
    void setSelectedLayer(const QString& name);
    /// Index of the highlighted layer, -1 if none.
    int selectedIndex() const { return selected_; }
    int layerCount() const;

    /// The layer column under widget point `p`, -1 if none; and a layer's column.
    int layerAt(const QPoint& p) const;
    QRect layerRect(int index) const;

    /// max(|min|, |max|) / |p99.9|: how far the extremes sit beyond the bulk (inf if p99.9 is 0).
    static double outlierRatio(const ValueStats& v);
    static bool isOutlierHeavy(const ValueStats& v) { return v.count > 0 && outlierRatio(v) > kOutlierRatio; }

    QSize sizeHint() const override { return {600, 260}; }
    QSize minimumSizeHint() const override { return {200, 140}; }

signals:
    /// The user clicked layer `name`.
    void layerClicked(const QString& name);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    bool event(QEvent* event) override;

private:
    /// One of the two bands: weights (0) or activations (1).
    struct Band {
        QRect rect;
        double scale = 1; ///< the asinh knee: values well below it are drawn linearly
        double top = 1, bottom = -1; ///< asinh-scaled limits
    };
    Band band(int which) const;
    double toY(const Band& b, double v) const;
    void paintBand(QPainter& p, int which) const;
    QString tooltipFor(int index) const;

    std::shared_ptr<const Calibration> calibration_;
    int selected_ = -1;
};

} // namespace qb
