#include "widgets/LayerOverview.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <algorithm>
#include <cmath>
#include <limits>

#include "widgets/TextFormat.h"

namespace qb {

namespace {
constexpr int kLeft = 64, kRight = 10, kTop = 4, kBottom = 20, kBandGap = 8, kCaption = 16;
constexpr int kMinLabelGap = 16; // pixels between tick labels
const QColor kWhisker(70, 70, 70);
const QColor kBulk(31, 100, 180);
const QColor kOutlier(200, 30, 30);
const QColor kOutlierBack(255, 222, 222);
const QColor kSelection(40, 110, 220);

const ValueStats& valuesOf(const LayerStats& l, int which) { return which == 0 ? l.weight : l.activation; }

QString ruleText() {
    return LayerOverview::tr("Red columns: outlier-heavy, max(|min|, |max|) above %1 × |p99.9|")
        .arg(LayerOverview::kOutlierRatio);
}

} // namespace

LayerOverview::LayerOverview(QWidget* parent) : QWidget(parent) {
    setMouseTracking(false);
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void LayerOverview::setCalibration(std::shared_ptr<const Calibration> calibration) {
    calibration_ = std::move(calibration);
    selected_ = -1;
    update();
}

int LayerOverview::layerCount() const { return calibration_ ? int(calibration_->layers.size()) : 0; }

void LayerOverview::setSelectedLayer(const QString& name) {
    selected_ = -1;
    const std::string key = name.toStdString();
    for (int i = 0; i < layerCount(); ++i) {
        if (calibration_->layers[size_t(i)].name == key) {
            selected_ = i;
        }
    }
    update();
}

double LayerOverview::outlierRatio(const ValueStats& v) {
    const double extreme = std::max(std::fabs(v.min), std::fabs(v.max));
    const double bulk = std::fabs(v.p99_9);
    if (bulk > 0) {
        return extreme / bulk;
    }
    return extreme > 0 ? std::numeric_limits<double>::infinity() : 1.0;
}

LayerOverview::Band LayerOverview::band(int which) const {
    Band b;
    const int height = (this->height() - kTop - kBottom - kBandGap) / 2;
    const int top = kTop + which * (height + kBandGap);
    b.rect = QRect(kLeft, top + kCaption, std::max(1, width() - kLeft - kRight), std::max(1, height - kCaption));
    // The knee sits at a tenth of the median bulk, so typical ranges span the band.
    std::vector<double> bulk;
    double lo = 0, hi = 0;
    for (const LayerStats& l : calibration_->layers) {
        const ValueStats& v = valuesOf(l, which);
        if (v.count == 0) {
            continue;
        }
        bulk.push_back(std::max(std::fabs(v.p99_9), std::fabs(v.max)));
        lo = std::min(lo, v.min);
        hi = std::max(hi, v.max);
    }
    if (!bulk.empty()) {
        std::nth_element(bulk.begin(), bulk.begin() + std::ptrdiff_t(bulk.size() / 2), bulk.end());
        b.scale = bulk[bulk.size() / 2] > 0 ? 0.1 * bulk[bulk.size() / 2] : 1.0;
    }
    b.top = std::asinh(hi / b.scale);
    b.bottom = std::asinh(lo / b.scale);
    if (!(b.top > b.bottom)) {
        b.top = b.bottom + 1;
    }
    return b;
}

double LayerOverview::toY(const Band& b, double v) const {
    const double f = (std::asinh(v / b.scale) - b.bottom) / (b.top - b.bottom);
    return b.rect.bottom() - f * b.rect.height();
}

QRect LayerOverview::layerRect(int index) const {
    const int n = layerCount();
    if (index < 0 || index >= n) {
        return {};
    }
    const double w = double(std::max(1, width() - kLeft - kRight)) / n;
    const int x0 = kLeft + int(std::floor(index * w));
    const int x1 = kLeft + int(std::floor((index + 1) * w));
    return QRect(x0, kTop, std::max(1, x1 - x0), height() - kTop - kBottom);
}

int LayerOverview::layerAt(const QPoint& p) const {
    const int n = layerCount();
    if (n == 0 || p.x() < kLeft || p.x() >= width() - kRight || p.y() < kTop || p.y() >= height() - kBottom) {
        return -1;
    }
    const double w = double(std::max(1, width() - kLeft - kRight)) / n;
    return std::clamp(int((p.x() - kLeft) / w), 0, n - 1);
}

void LayerOverview::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (layerCount() == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Calibrate the model (Model > Calibrate…) or open a project to see all layers"));
        return;
    }
    paintBand(p, 0);
    paintBand(p, 1);
    if (selected_ >= 0) {
        p.setPen(QPen(kSelection, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(layerRect(selected_).adjusted(1, 1, -1, -1));
    }
    // Layer numbers along the bottom, as many as fit.
    p.setPen(palette().color(QPalette::Text));
    const int n = layerCount();
    const double w = double(std::max(1, width() - kLeft - kRight)) / n;
    const int step = std::max(1, int(std::ceil(32.0 / w)));
    for (int i = 0; i < n; i += step) {
        const QRect r = layerRect(i);
        p.drawText(QRect(r.center().x() - 20, height() - kBottom + 2, 40, kBottom - 2), Qt::AlignHCenter | Qt::AlignTop,
                   QString::number(i));
    }
}

void LayerOverview::paintBand(QPainter& p, int which) const {
    const Band b = band(which);
    const QColor text = palette().color(QPalette::Text);
    p.setPen(text);
    p.drawText(QRect(kLeft, b.rect.top() - kCaption, b.rect.width(), kCaption), Qt::AlignLeft | Qt::AlignVCenter,
               which == 0 ? tr("Weights: min/max whiskers, p99.9 bar") : tr("Input activations: min/max whiskers, p99.9 bar"));
    // Outlier-heavy columns first, under everything else.
    for (int i = 0; i < layerCount(); ++i) {
        if (isOutlierHeavy(valuesOf(calibration_->layers[size_t(i)], which))) {
            const QRect c = layerRect(i);
            p.fillRect(QRect(c.left(), b.rect.top(), c.width(), b.rect.height()), kOutlierBack);
        }
    }
    // Ticks at 0 and at ±powers of ten, skipping those that would crowd the previous one.
    p.setPen(QPen(QColor(0, 0, 0, 40), 1));
    p.drawRect(b.rect);
    std::vector<double> ticks = {0.0};
    const double biggest = b.scale * std::sinh(std::max(std::fabs(b.top), std::fabs(b.bottom)));
    for (int e = int(std::floor(std::log10(b.scale))); e <= int(std::ceil(std::log10(std::max(biggest, b.scale)))); ++e) {
        ticks.push_back(std::pow(10.0, e));
        ticks.push_back(-std::pow(10.0, e));
    }
    std::sort(ticks.begin(), ticks.end());
    double lastY = 1e9;
    for (double t : ticks) {
        const double y = toY(b, t);
        if (y < b.rect.top() - 0.5 || y > b.rect.bottom() + 0.5 || std::fabs(lastY - y) < kMinLabelGap) {
            continue;
        }
        lastY = y;
        p.setPen(QPen(QColor(0, 0, 0, 30), 1));
        p.drawLine(QPointF(b.rect.left(), y), QPointF(b.rect.right(), y));
        p.setPen(text);
        p.drawText(QRectF(0, y - 8, kLeft - 4, 16), Qt::AlignRight | Qt::AlignVCenter, valueText(t));
    }
    p.setRenderHint(QPainter::Antialiasing, true);
    for (int i = 0; i < layerCount(); ++i) {
        const ValueStats& v = valuesOf(calibration_->layers[size_t(i)], which);
        if (v.count == 0) {
            continue;
        }
        const bool heavy = isOutlierHeavy(v);
        const QRect c = layerRect(i);
        const double x = c.left() + c.width() / 2.0;
        const double cap = std::clamp(c.width() * 0.3, 1.0, 6.0);
        const double bar = std::clamp(c.width() * 0.4, 1.5, 9.0);
        p.setPen(QPen(heavy ? kOutlier : kWhisker, 1.2));
        p.drawLine(QPointF(x, toY(b, v.min)), QPointF(x, toY(b, v.max)));
        p.drawLine(QPointF(x - cap, toY(b, v.min)), QPointF(x + cap, toY(b, v.min)));
        p.drawLine(QPointF(x - cap, toY(b, v.max)), QPointF(x + cap, toY(b, v.max)));
        p.setPen(QPen(heavy ? kOutlier : kBulk, 3, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(x - bar, toY(b, v.p99_9)), QPointF(x + bar, toY(b, v.p99_9)));
    }
    p.setRenderHint(QPainter::Antialiasing, false);
}

QString LayerOverview::tooltipFor(int index) const {
    const LayerStats& l = calibration_->layers[size_t(index)];
    auto line = [](const QString& what, const ValueStats& v) {
        return tr("%1: min %2, max %3, p99.9 %4, max/p99.9 %5%6")
            .arg(what, valueText(v.min), valueText(v.max), valueText(v.p99_9), valueText(outlierRatio(v)),
                 isOutlierHeavy(v) ? tr(" (outlier-heavy)") : QString());
    };
    const QString where = tr("%1, layer %2").arg(QString::fromStdString(l.kind)).arg(index);
    return QStringLiteral("<b>%1</b> (%2)<br>%3<br>%4<br><i>%5</i>")
        .arg(QString::fromStdString(l.name).toHtmlEscaped(), where.toHtmlEscaped(),
             line(tr("weight"), l.weight).toHtmlEscaped(), line(tr("input"), l.activation).toHtmlEscaped(),
             ruleText().toHtmlEscaped());
}

bool LayerOverview::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const int index = layerAt(help->pos());
        QToolTip::showText(help->globalPos(), index >= 0 ? tooltipFor(index) : ruleText(), this);
        return true;
    }
    return QWidget::event(event);
}

void LayerOverview::mousePressEvent(QMouseEvent* event) {
    const int index = layerAt(event->position().toPoint());
    if (event->button() != Qt::LeftButton || index < 0) {
        QWidget::mousePressEvent(event);
        return;
    }
    selected_ = index;
    update();
    emit layerClicked(QString::fromStdString(calibration_->layers[size_t(index)].name));
}

} // namespace qb
