#include "widgets/ClipHistogramPlot.h"

#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "core/stats/clip_search.h"
#include "core/util/error.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {
// Empty bins sit just below the lowest log-axis tick, so the plot has no holes.
constexpr double kLogFloor = 0.5;
// More drawn bins than this are merged in runs: the plot is a few hundred pixels wide.
constexpr size_t kMaxDrawnBins = 256;
// How close (pixels) the mouse must be to the user line to grab it.
constexpr double kGrabPixels = 8;

const std::array<QColor, 4> kClipColors = {QColor(110, 110, 110), QColor(214, 120, 0), QColor(30, 140, 60),
                                           QColor(130, 60, 170)};
const QColor kUserColor(200, 30, 30);

} // namespace

QString sqnrText(double db) {
    return std::isinf(db) && db > 0 ? ClipHistogramPlot::tr("lossless")
                                    : ClipHistogramPlot::tr("%1 dB").arg(QLocale().toString(db, 'f', 2));
}

ClipHistogramPlot::ClipHistogramPlot(const QString& title, QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(QStringLiteral("<b>%1</b>").arg(title.toHtmlEscaped()), this)),
      range_(new QLabel(this)),
      plot_(new QCustomPlot(this)),
      graph_(plot_->addGraph()),
      message_(new QCPItemText(plot_)),
      sqnrText_(new QLabel(this)),
      grid_(new QLabel(this)) {
    range_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    range_->setWordWrap(true);
    range_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    plot_->setMinimumSize(240, 200);
    plot_->xAxis->setLabel(tr("value"));
    plot_->yAxis->setLabel(tr("count"));
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot_->setToolTip(tr("Drag the red line to try another clip range"));
    graph_->setLineStyle(QCPGraph::lsStepLeft);
    graph_->setPen(QPen(QColor(31, 100, 180), 1.2));
    graph_->setBrush(QColor(31, 100, 180, 70));
    message_->setPositionAlignment(Qt::AlignCenter);
    message_->position->setType(QCPItemPosition::ptAxisRectRatio);
    message_->position->setCoords(0.5, 0.5);
    message_->setClipToAxisRect(false);
    sqnrText_->setStyleSheet(QStringLiteral("color: #c81e1e"));
    sqnrText_->setWordWrap(true);
    sqnrText_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    grid_->setWordWrap(true);
    grid_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(title_);
    layout->addWidget(range_);
    layout->addWidget(plot_, 1);
    layout->addWidget(sqnrText_);
    layout->addWidget(grid_);

    connect(plot_, &QCustomPlot::mousePress, this, &ClipHistogramPlot::onMousePress);
    connect(plot_, &QCustomPlot::mouseMove, this, &ClipHistogramPlot::onMouseMove);
    connect(plot_, &QCustomPlot::mouseRelease, this, [this] { dragging_ = false; });
}

void ClipHistogramPlot::setStats(const ValueStats& stats, bool symmetric, int bits,
                                 const std::array<ClipResult, 4>& clips) {
    stats_ = stats;
    symmetric_ = symmetric;
    bits_ = bits;
    clips_ = clips;
    try {
        density_ = BinnedDensity::of(stats.histogram, stats.min, stats.max);
    } catch (const Error&) {
        density_.reset(); // an empty histogram (a tensor with no finite values) has no SQNR
    }
    message_->setVisible(false);
    range_->setText(tr("range [%1, %2] · p99.9 %3 · mean %4 · std %5 · %6 values")
                        .arg(valueText(stats.min), valueText(stats.max), valueText(stats.p99_9), valueText(stats.mean),
                             valueText(stats.std), countText(stats.count)));
    lo_ = symmetric_ ? -std::fabs(clips[size_t(ClipMethod::Mse)].hi) : std::min(0.0, stats.min);
    hi_ = std::fabs(clips[size_t(ClipMethod::Mse)].hi);
    drawHistogram();
    drawClipLines();
    updateUserClip();
}

void ClipHistogramPlot::setBits(int bits, const std::array<ClipResult, 4>& clips) {
    if (!stats_) {
        return;
    }
    bits_ = bits;
    clips_ = clips;
    drawClipLines();
    updateUserClip();
}

void ClipHistogramPlot::showMessage(const QString& text) {
    stats_.reset();
    density_.reset();
    clearItems();
    graph_->data()->clear();
    range_->clear();
    sqnrText_->clear();
    grid_->clear();
    message_->setText(wrappedText(text, 36)); // the plots sit side by side: narrow
    message_->setVisible(true);
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(kLogFloor, 10);
    plot_->replot();
}

void ClipHistogramPlot::clearItems() {
    for (QVector<QCPAbstractItem*>* items : {&clipItems_, &gridItems_, &userItems_}) {
        for (QCPAbstractItem* item : *items) {
            plot_->removeItem(item);
        }
        items->clear();
    }
    clipLabels_.fill(nullptr);
}

void ClipHistogramPlot::drawHistogram() {
    const Histogram& h = stats_->histogram;
    const size_t n = h.counts.size();
    const size_t group = std::max<size_t>(1, (n + kMaxDrawnBins - 1) / kMaxDrawnBins);
    const size_t drawn = (n + group - 1) / group;
    QVector<double> keys;
    QVector<double> values;
    double peak = 1;
    for (size_t i = 0; i < drawn; ++i) {
        int64_t count = 0;
        for (size_t j = i * group; j < std::min(n, (i + 1) * group); ++j) {
            count += h.counts[j];
        }
        keys << h.lo + double(i * group) * h.binWidth();
        values << std::max(double(count), kLogFloor);
        peak = std::max(peak, double(count));
    }
    if (drawn > 0) { // a closing point so the last bin reaches its right edge
        keys << h.hi;
        values << values.back();
    }
    graph_->setData(keys, values, true);
    // Room for the symmetric clip's mirror line and the labels at the top.
    double left = std::min(h.lo, stats_->min);
    double right = std::max(h.hi, stats_->max);
    if (symmetric_) {
        const double t = std::max(std::fabs(left), std::fabs(right));
        left = -t;
        right = t;
    }
    const double pad = right > left ? 0.04 * (right - left) : 0.5;
    plot_->xAxis->setRange(left - pad, right + pad);
    plot_->yAxis->setRange(kLogFloor, peak * 30);
}

QCPAbstractItem* ClipHistogramPlot::verticalLine(double x, const QPen& pen) {
    auto* line = new QCPItemLine(plot_);
    line->start->setTypeX(QCPItemPosition::ptPlotCoords);
    line->start->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->end->setTypeX(QCPItemPosition::ptPlotCoords);
    line->end->setTypeY(QCPItemPosition::ptAxisRectRatio);
    line->start->setCoords(x, 0);
    line->end->setCoords(x, 1);
    line->setPen(pen);
    line->setSelectable(false);
    return line;
}

void ClipHistogramPlot::drawClipLines() {
    for (QCPAbstractItem* item : clipItems_) {
        plot_->removeItem(item);
    }
    clipItems_.clear();
    for (size_t m = 0; m < clips_.size(); ++m) {
        const ClipResult& c = clips_[m];
        const QPen pen(kClipColors[m], 1.4, Qt::DashLine);
        clipItems_ << verticalLine(c.hi, pen);
        if (c.lo != 0 || symmetric_) {
            clipItems_ << verticalLine(c.lo, pen);
        }
        // Labels stacked down the plot so that clip points close together stay readable.
        auto* label = new QCPItemText(plot_);
        label->position->setTypeX(QCPItemPosition::ptPlotCoords);
        label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
        label->position->setCoords(c.hi, 0.03 + 0.09 * double(m));
        label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
        label->setPadding(QMargins(3, 1, 3, 1));
        label->setColor(kClipColors[m]);
        label->setBrush(QColor(255, 255, 255, 215));
        label->setText(QStringLiteral("%1 %2").arg(QString::fromLatin1(clipMethodName(c.method)), sqnrText(c.sqnrDb)));
        label->setClipToAxisRect(false);
        clipItems_ << label;
        clipLabels_[m] = label;
    }
}

QString ClipHistogramPlot::clipLabel(ClipMethod method) const {
    const QCPItemText* label = clipLabels_[size_t(method)];
    return label ? label->text() : QString();
}

void ClipHistogramPlot::drawGrid() {
    for (QCPAbstractItem* item : gridItems_) {
        plot_->removeItem(item);
    }
    gridItems_.clear();
    const QuantGrid g = QuantGrid::forRange(lo_, hi_, bits_, symmetric_);
    const int64_t every = std::max<int64_t>(1, (g.levels + kMaxGridLines - 1) / kMaxGridLines);
    const auto zero = int64_t(std::llround(-g.first / g.step)); // 0 is a level of both grids
    const QPen pen(QColor(0, 0, 0, 45), 1);
    for (int64_t j = 0; j < g.levels; ++j) {
        if ((j - zero) % every == 0) {
            gridItems_ << verticalLine(g.first + double(j) * g.step, pen);
        }
    }
    const QString levels = tr("%1-bit grid: %2 levels, step %3").arg(bits_).arg(countText(g.levels), valueText(g.step));
    grid_->setText(every == 1 ? levels : tr("%1 (one level in %2 drawn)").arg(levels).arg(every));
}

void ClipHistogramPlot::updateUserClip() {
    for (QCPAbstractItem* item : userItems_) {
        plot_->removeItem(item);
    }
    userItems_.clear();
    drawGrid();
    const QPen pen(kUserColor, 2.2);
    userItems_ << verticalLine(hi_, pen);
    if (symmetric_) {
        userItems_ << verticalLine(lo_, pen);
    }
    const QString range = tr("[%1, %2]").arg(valueText(lo_), valueText(hi_));
    if (density_) {
        sqnr_ = sqnrDb(*density_, QuantGrid::forRange(lo_, hi_, bits_, symmetric_));
        sqnrText_->setText(tr("Your clip %1: SQNR %2").arg(range, sqnrText(sqnr_)));
    } else {
        sqnr_ = 0;
        sqnrText_->setText(tr("Your clip %1: no values, no SQNR").arg(range));
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
    emit clipChanged(lo_, hi_, sqnr_);
}

void ClipHistogramPlot::setClip(double value) {
    if (!stats_ || !std::isfinite(value)) {
        return;
    }
    // Kept inside what the plot shows and away from 0, where the grid would collapse.
    const double extent = std::max({std::fabs(stats_->min), std::fabs(stats_->max), 1e-30});
    const double t = std::clamp(std::fabs(value), extent * 1e-4, extent * 1.04);
    if (symmetric_) {
        lo_ = -t;
        hi_ = t;
    } else {
        hi_ = std::max(value, lo_ + extent * 1e-4);
        hi_ = std::min(hi_, std::max(stats_->max, 0.0) + extent * 0.04);
    }
    updateUserClip();
}

double ClipHistogramPlot::pixelsFromUserLine(const QMouseEvent* e) const {
    const double x = e->position().x();
    double d = std::fabs(plot_->xAxis->coordToPixel(hi_) - x);
    if (symmetric_) {
        d = std::min(d, std::fabs(plot_->xAxis->coordToPixel(lo_) - x));
    }
    return d;
}

void ClipHistogramPlot::onMousePress(QMouseEvent* e) {
    dragging_ = stats_ && e->button() == Qt::LeftButton && pixelsFromUserLine(e) <= kGrabPixels;
}

void ClipHistogramPlot::onMouseMove(QMouseEvent* e) {
    if (dragging_) {
        setClip(plot_->xAxis->pixelToCoord(e->position().x()));
        return;
    }
    plot_->setCursor(stats_ && pixelsFromUserLine(e) <= kGrabPixels ? Qt::SizeHorCursor : Qt::ArrowCursor);
}

} // namespace qb
