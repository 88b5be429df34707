#include "widgets/ChannelRangeView.h"

#include <QEvent>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/TextFormat.h"

namespace qb {

ChannelRangeView::ChannelRangeView(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      plot_(new QCustomPlot(this)),
      max_(plot_->addGraph()),
      min_(plot_->addGraph()),
      message_(new QCPItemText(plot_)) {
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    plot_->setObjectName(QStringLiteral("channelRangePlot"));
    plot_->setMinimumHeight(140);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(tr("output channel"));
    plot_->yAxis->setLabel(tr("value"));
    // Channels are whole numbers: ticks at integer multiples only.
    auto ticker = QSharedPointer<QCPAxisTickerFixed>::create();
    ticker->setTickStep(1.0);
    ticker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    plot_->xAxis->setTicker(ticker);

    const QColor line(200, 80, 30);
    max_->setPen(QPen(line, 1));
    max_->setLineStyle(QCPGraph::lsStepCenter);
    max_->setBrush(QColor(230, 120, 50, 80));
    max_->setChannelFillGraph(min_);
    min_->setPen(QPen(line.darker(140), 1));
    min_->setLineStyle(QCPGraph::lsStepCenter);

    message_->setPositionAlignment(Qt::AlignCenter);
    message_->position->setType(QCPItemPosition::ptAxisRectRatio);
    message_->position->setCoords(0.5, 0.5);
    message_->setClipToAxisRect(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title_);
    layout->addWidget(plot_, 1);

    connect(plot_, &QCustomPlot::mouseDoubleClick, this, &ChannelRangeView::resetZoom);
    showMessage(tr("Select a tensor to see its per-channel ranges"));
}

void ChannelRangeView::setRanges(const QString& name, int axis, const ChannelRanges& ranges) {
    ranges_ = ranges;
    const size_t n = std::min(ranges.min.size(), ranges.max.size());
    const auto size = static_cast<qsizetype>(n);
    QVector<double> keys(size);
    QVector<double> lows(size);
    QVector<double> highs(size);
    for (size_t i = 0; i < n; ++i) {
        keys[qsizetype(i)] = double(i);
        lows[qsizetype(i)] = ranges.min[i];
        highs[qsizetype(i)] = ranges.max[i];
    }
    // Repeat the end values half a channel out, so the first and last steps are full width.
    if (n > 0) {
        keys.prepend(-0.5);
        lows.prepend(lows.front());
        highs.prepend(highs.front());
        keys.append(double(n) - 0.5);
        lows.append(lows.back());
        highs.append(highs.back());
    }
    min_->setData(keys, lows, true);
    max_->setData(keys, highs, true);

    name_ = name;
    axis_ = axis;
    updateTitle();
    message_->setVisible(false);
    resetZoom();
}

void ChannelRangeView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && ranges_) updateTitle();
    QWidget::changeEvent(event);
}

void ChannelRangeView::updateTitle() {
    const size_t n = std::min(ranges_->min.size(), ranges_->max.size());
    // How much per-tensor scaling wastes: the widest channel against the median channel.
    const QString title = QStringLiteral("<b>%1</b>").arg(name_.toHtmlEscaped());
    std::vector<float> absMax(ranges_->absMax.begin(), ranges_->absMax.end());
    float widest = 0;
    float median = 0;
    if (!absMax.empty()) {
        widest = *std::max_element(absMax.begin(), absMax.end());
        std::nth_element(absMax.begin(), absMax.begin() + qsizetype(absMax.size() / 2), absMax.end());
        median = absMax[absMax.size() / 2];
    }
    if (median > 0 && std::isfinite(widest)) {
        title_->setText(tr("%1 — min to max of each of %2 channels along axis %3; the largest channel "
                           "abs-max is %4× the median")
                            .arg(title, countText(int64_t(n)), QString::number(axis_), valueText(widest / median)));
    } else {
        title_->setText(tr("%1 — min to max of each of %2 channels along axis %3")
                            .arg(title, countText(int64_t(n)), QString::number(axis_)));
    }
}

void ChannelRangeView::showMessage(const QString& text) {
    ranges_.reset();
    title_->clear();
    min_->data()->clear();
    max_->data()->clear();
    message_->setText(text);
    message_->setVisible(true);
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(-1, 1);
    plot_->replot();
}

int ChannelRangeView::channelCount() const { return ranges_ ? int(ranges_->min.size()) : 0; }

void ChannelRangeView::resetZoom() {
    if (!ranges_ || ranges_->min.empty()) {
        plot_->replot();
        return;
    }
    bool found = false;
    const QCPRange values = min_->getValueRange(found).expanded(max_->getValueRange(found));
    const double pad = values.size() > 0 ? 0.05 * values.size() : 0.5;
    plot_->xAxis->setRange(-0.5, double(ranges_->min.size()) - 0.5);
    plot_->yAxis->setRange(values.lower - pad, values.upper + pad);
    plot_->replot();
}

} // namespace qb
