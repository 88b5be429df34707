// The Clip Ranges panel: for the selected calibrated layer, its weight and input-activation
// histograms side by side, each with the four clip points, the quantization grid and a
// draggable clip line, and one bit-width for both.
#pragma once
#include <QWidget>
#include <memory>

#include "core/domain/calibration.h"

class QLabel;
class QSpinBox;

namespace qb {

class ClipHistogramPlot;

class ClipHistogramView : public QWidget {
    Q_OBJECT
public:
    explicit ClipHistogramView(QWidget* parent = nullptr);

    /// Shows layers of `calibration` (null clears); the bit-width starts at the calibration's.
    void setCalibration(std::shared_ptr<const Calibration> calibration);
    /// Shows the layer whose weight is `name`; false (and a message) if it was not calibrated.
    bool setLayer(const QString& name);
    QString layer() const { return layer_; }
    /// Bit-width of the grid and the clip points; not the calibration's: the clip points are
    /// searched again on the histograms.
    void setBits(int bits);

    QSpinBox* bitsBox() const { return bits_; }
    ClipHistogramPlot* weightPlot() const { return weight_; }
    ClipHistogramPlot* activationPlot() const { return activation_; }

private:
    void showLayer();
    void showMessage(const QString& text);

    QLabel* title_;
    QSpinBox* bits_;
    ClipHistogramPlot* weight_;
    ClipHistogramPlot* activation_;
    std::shared_ptr<const Calibration> calibration_;
    const LayerStats* stats_ = nullptr;
    QString layer_;
};

} // namespace qb
