#include "widgets/HistogramView.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <qcustomplot.h>

#include "widgets/StatsPanel.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {
// Empty bins sit just below the lowest log-axis tick, so a log plot has no holes.
constexpr double kLogFloor = 0.5;
// Automatic display binning aims at this many values per bin, within these limits.
constexpr int64_t kValuesPerBin = 16;
constexpr int kMinAutoBins = 32;
constexpr int kMaxChoiceBins = 2048;
constexpr int kMinChoiceBins = 16;
} // namespace

HistogramView::HistogramView(QWidget* parent)
    : QWidget(parent),
      title_(new QLabel(this)),
      logY_(new QCheckBox(tr("Log scale"), this)),
      bins_(new QComboBox(this)),
      plot_(new QCustomPlot(this)),
      graph_(plot_->addGraph()),
      message_(new QCPItemText(plot_)),
      stats_(new StatsPanel(this)) {
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Wraps rather than widening the panel when the text is long (translations, long names).
    title_->setWordWrap(true);
    title_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    logY_->setObjectName(QStringLiteral("histogramLogScale"));
    logY_->setToolTip(tr("Logarithmic count axis: shows the rare values in the tails"));
    bins_->setObjectName(QStringLiteral("histogramBins"));
    bins_->setToolTip(tr("Bins drawn; runs of computed bins are added up"));
    bins_->addItem(tr("Auto bins"), 0);
    for (int bins = kMaxChoiceBins; bins >= kMinChoiceBins; bins /= 2) {
        bins_->addItem(tr("%1 bins").arg(bins), bins);
    }
    auto* reset = new QToolButton(this);
    reset->setText(tr("Reset zoom"));
    reset->setToolTip(tr("Show the whole histogram (or double-click the plot)"));

    plot_->setObjectName(QStringLiteral("histogramPlot"));
    plot_->setMinimumHeight(160);
    plot_->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    plot_->xAxis->setLabel(tr("value"));
    plot_->yAxis->setLabel(tr("count"));
    graph_->setLineStyle(QCPGraph::lsStepLeft);
    graph_->setPen(QPen(QColor(31, 100, 180), 1.2));
    graph_->setBrush(QColor(31, 100, 180, 70));
    message_->setPositionAlignment(Qt::AlignCenter);
    message_->position->setType(QCPItemPosition::ptAxisRectRatio);
    message_->position->setCoords(0.5, 0.5);
    message_->setClipToAxisRect(false);

    auto* header = new QHBoxLayout;
    header->addWidget(title_, 1);
    header->addWidget(bins_);
    header->addWidget(logY_);
    header->addWidget(reset);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(header);
    layout->addWidget(plot_, 1);
    layout->addWidget(stats_);

    connect(logY_, &QCheckBox::toggled, this, &HistogramView::updateGraph);
    connect(bins_, &QComboBox::currentIndexChanged, this, &HistogramView::updateGraph);
    connect(reset, &QToolButton::clicked, this, &HistogramView::resetZoom);
    connect(plot_, &QCustomPlot::mouseDoubleClick, this, &HistogramView::resetZoom);
    showMessage(tr("Select a tensor to see its histogram"));
}

void HistogramView::setSummary(const QString& name, const TensorSummary& summary) {
    name_ = name;
    summary_ = summary;
    stats_->setStats(summary.stats);
    message_->setVisible(false);
    updateGraph();
}

void HistogramView::showMessage(const QString& text) {
    name_.clear();
    summary_.reset();
    title_->clear();
    stats_->clear();
    graph_->data()->clear();
    message_->setText(text);
    message_->setVisible(true);
    plot_->xAxis->setRange(0, 1);
    plot_->yAxis->setRange(logScale() ? kLogFloor : 0, logScale() ? 10 : 1);
    plot_->replot();
}

bool HistogramView::logScale() const { return logY_->isChecked(); }

void HistogramView::setLogScale(bool on) { logY_->setChecked(on); }

void HistogramView::updateGraph() {
    const bool log = logScale();
    plot_->yAxis->setScaleType(log ? QCPAxis::stLogarithmic : QCPAxis::stLinear);
    if (log) {
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        plot_->yAxis->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    if (!summary_) {
        plot_->replot();
        return;
    }
    // Merge runs of `group` computed bins into one drawn bin.
    const Histogram& h = summary_->histogram;
    const size_t group = h.counts.empty() ? 1 : h.counts.size() / size_t(displayedBins());
    const size_t n = h.counts.size() / group;
    const auto points = static_cast<qsizetype>(n + 1);
    QVector<double> keys(points);
    QVector<double> values(points);
    const double width = h.binWidth() * double(group);
    for (size_t i = 0; i < n; ++i) {
        int64_t count = 0;
        for (size_t j = i * group; j < (i + 1) * group; ++j) {
            count += h.counts[j];
        }
        keys[qsizetype(i)] = h.lo + double(i) * width;
        values[qsizetype(i)] = log ? std::max(double(count), kLogFloor) : double(count);
    }
    // A closing point so the last bin is drawn to its right edge.
    keys[qsizetype(n)] = h.hi;
    values[qsizetype(n)] = n ? values[qsizetype(n - 1)] : 0;
    graph_->setData(keys, values, true);
    updateTitle();
    resetZoom();
}

int HistogramView::displayedBins() const {
    const int computed = summary_ ? int(summary_->histogram.counts.size()) : 0;
    if (computed == 0) {
        return 1;
    }
    int bins = bins_->currentData().toInt();
    if (bins == 0) {
        bins = computed;
        while (bins > kMinAutoBins && int64_t(bins) * kValuesPerBin > summary_->stats.count) {
            bins /= 2;
        }
    }
    // Only whole runs of computed bins can be merged.
    while (bins > 1 && (bins > computed || computed % bins != 0)) {
        bins /= 2;
    }
    return std::max(bins, 1);
}

void HistogramView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange && summary_) updateTitle();
    QWidget::changeEvent(event);
}

void HistogramView::updateTitle() {
    const Histogram& h = summary_->histogram;
    const int shown = displayedBins();
    const QString name = QStringLiteral("<b>%1</b>").arg(name_.toHtmlEscaped());
    if (shown == int(h.counts.size())) {
        title_->setText(tr("%1 — %2 bins of width %3").arg(name, countText(shown), valueText(h.binWidth())));
    } else {
        title_->setText(tr("%1 — %2 bins of width %3 (computed: %4)")
                            .arg(name, countText(shown), valueText(h.binWidth() * double(h.counts.size()) / shown),
                                 countText(int64_t(h.counts.size()))));
    }
}

void HistogramView::resetZoom() {
    if (!summary_ || summary_->histogram.counts.empty()) {
        plot_->replot();
        return;
    }
    const Histogram& h = summary_->histogram;
    bool found = false;
    const double peak = graph_->getValueRange(found).upper; // of the drawn (merged) bins
    // A constant tensor has lo == hi; give it some width so the axis is valid.
    const double pad = h.hi > h.lo ? 0.02 * (h.hi - h.lo) : 0.5;
    plot_->xAxis->setRange(h.lo - pad, h.hi + pad);
    if (logScale()) {
        plot_->yAxis->setRange(kLogFloor, std::max(10.0, peak * 2.0));
    } else {
        plot_->yAxis->setRange(0, std::max(1.0, peak * 1.05));
    }
    plot_->replot();
}

} // namespace qb
