#include "widgets/ClipHistogramView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/util/error.h"
#include "widgets/ClipHistogramPlot.h"

namespace qb {

namespace {

// Symmetric quantizers for weights; activations are asymmetric when never negative (as the core).
bool activationSymmetric(const ValueStats& v) { return v.min < 0; }

// The four clip results at `bits`: the calibration's own at its bit-width, else searched again on
// the histogram (weights too: their values are not kept in the project).
std::array<ClipResult, 4> clipsAt(const ValueStats& v, bool symmetric, int bits, const CalibrationSettings& s) {
    if (bits == s.bits) {
        return v.clips;
    }
    const std::vector<ClipResult> found =
        clipSearch(v.histogram, v.min, v.max, ClipConfig{.bits = bits, .symmetric = symmetric, .percentile = s.percentile});
    std::array<ClipResult, 4> clips{};
    for (size_t m = 0; m < clips.size() && m < found.size(); ++m) {
        clips[m] = found[m];
    }
    return clips;
}

} // namespace

ClipHistogramView::ClipHistogramView(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      bits_(new QSpinBox(this)),
      weight_(new ClipHistogramPlot(tr("Weight"), this)),
      activation_(new ClipHistogramPlot(tr("Input activation"), this)) {
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    bits_->setObjectName(QStringLiteral("clipBits"));
    bits_->setRange(2, 8);
    bits_->setValue(8);
    bits_->setPrefix(tr("Grid: "));
    bits_->setSuffix(tr(" bits"));
    bits_->setToolTip(tr("Bit-width of the quantization grid; at another width than the calibration's, the clip "
                         "points are searched again on the histograms"));
    auto* header = new QHBoxLayout;
    header->addWidget(title_, 1);
    header->addWidget(bits_);
    auto* plots = new QHBoxLayout;
    plots->addWidget(weight_, 1);
    plots->addWidget(activation_, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addLayout(plots, 1);
    connect(bits_, &QSpinBox::valueChanged, this, [this] {
        if (!stats_) {
            return;
        }
        const CalibrationSettings& s = calibration_->settings;
        const int bits = bits_->value();
        try {
            weight_->setBits(bits, clipsAt(stats_->weight, true, bits, s));
            const bool sym = activationSymmetric(stats_->activation);
            activation_->setBits(bits, clipsAt(stats_->activation, sym, bits, s));
        } catch (const Error& e) {
            showMessage(QString::fromStdString(e.what()));
        }
    });
    showMessage(tr("Calibrate the model (Model > Calibrate…) or open a project to see clip ranges"));
}

void ClipHistogramView::setCalibration(std::shared_ptr<const Calibration> calibration) {
    calibration_ = std::move(calibration);
    stats_ = nullptr;
    layer_.clear();
    if (!calibration_) {
        showMessage(tr("Calibrate the model (Model > Calibrate…) or open a project to see clip ranges"));
        return;
    }
    const QSignalBlocker block(bits_);
    bits_->setValue(calibration_->settings.bits);
    showMessage(tr("Select a layer to see its clip ranges"));
}

bool ClipHistogramView::setLayer(const QString& name) {
    stats_ = nullptr;
    layer_.clear();
    if (!calibration_) {
        return false;
    }
    const std::string key = name.toStdString();
    for (const LayerStats& l : calibration_->layers) {
        if (l.name == key) {
            stats_ = &l;
            layer_ = name;
            showLayer();
            return true;
        }
    }
    showMessage(tr("%1 has no calibrated input: calibration observes what matmuls and convolutions read, "
                   "not norms or embedding lookups").arg(name));
    return false;
}

void ClipHistogramView::setBits(int bits) { bits_->setValue(bits); }

void ClipHistogramView::showLayer() {
    const CalibrationSettings& s = calibration_->settings;
    title_->setText(tr("<b>%1</b> — %2, calibrated on %n sample(s)", nullptr, int(calibration_->samplesUsed))
                        .arg(layer_.toHtmlEscaped(), QString::fromStdString(stats_->kind).toHtmlEscaped()));
    const int bits = bits_->value();
    try {
        weight_->setStats(stats_->weight, true, bits, clipsAt(stats_->weight, true, bits, s));
        const bool sym = activationSymmetric(stats_->activation);
        activation_->setStats(stats_->activation, sym, bits, clipsAt(stats_->activation, sym, bits, s));
    } catch (const Error& e) {
        showMessage(QString::fromStdString(e.what()));
    }
}

void ClipHistogramView::showMessage(const QString& text) {
    title_->clear();
    weight_->showMessage(text);
    activation_->showMessage(text);
}

} // namespace qb
