#include "widgets/ComparisonView.h"
#include "widgets/GraphView.h"

#include "widgets/GenerationsView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/KernelTable.h"

namespace qb {

namespace {

// Samples listed per run: the largest drifts are what one looks at.
constexpr int kSampleRows = 200;
// Tokens drawn in the text view: the first windows of the data, in order.
constexpr size_t kTextTokens = 3000;
// Layer names the chart's axis can hold; beyond that only every n-th is written out.
constexpr int kNamedLayerTicks = 12;

// A token's background for the change of its log-probability: red where the quantized run finds
// the true token less likely, green where more; full colour at a change of 2 nats.
QString tokenColour(double delta) {
    const double t = std::min(1.0, std::abs(delta) / 2.0);
    const auto mix = [t](int c) { return int(std::lround(255 - t * (255 - c))); };
    return delta < 0 ? QColor(mix(230), mix(80), mix(80)).name() : QColor(mix(80), mix(190), mix(90)).name();
}

// The text of language-model records in data order, each token a span coloured by its change.
QString tokenHtml(const std::vector<pipeline::SampleRecord>& samples) {
    std::vector<const pipeline::SampleRecord*> order;
    for (const auto& s : samples) order.push_back(&s);
    std::sort(order.begin(), order.end(), [](auto* a, auto* b) { return a->index < b->index; });
    if (order.size() > kTextTokens) order.resize(kTextTokens);
    QString html = QStringLiteral("<div style='font-family: monospace; white-space: pre-wrap'>");
    for (const pipeline::SampleRecord* s : order) {
        const double delta = s->candidateLogProb - s->referenceLogProb;
        html += QStringLiteral("<span style='background-color:%1' title='%2'>%3</span>")
                    .arg(tokenColour(delta),
                         ComparisonView::tr("fp32 %1, quantized %2 (ln change %3), KL %4")
                             .arg(QLocale().toString(std::exp(s->referenceLogProb), 'f', 3),
                                  QLocale().toString(std::exp(s->candidateLogProb), 'f', 3),
                                  QLocale().toString(delta, 'f', 2), QLocale().toString(s->kl, 'g', 3)),
                         QString::fromStdString(s->text).toHtmlEscaped());
    }
    return html + QStringLiteral("</div>");
}

QString number(double v, int decimals) {
    if (std::isinf(v)) return v > 0 ? ComparisonView::tr("exact") : QStringLiteral("-∞");
    return QLocale().toString(v, 'f', decimals);
}

QString scientific(double v) { return QLocale().toString(v, 'g', 3); }

QTableWidgetItem* cell(const QString& text, bool number = true) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    if (number) item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QTableWidget* table(const QStringList& headers, QWidget* parent) {
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->verticalHeader()->hide();
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    return t;
}

} // namespace

ComparisonView::ComparisonView(QWidget* parent) : QWidget(parent) {
    runs_ = table({tr("Run"), tr("Metric"), tr("Δ metric"), tr("KL"), tr("Top-1 agreement"), tr("Output SQNR (dB)"),
                   tr("Bits/weight"), tr("Size"), tr("Latency (ms)"), tr("Throughput (/s)"), tr("Speed-up")},
                  this);
    variant_ = new QComboBox(this);
    connect(variant_, &QComboBox::currentIndexChanged, this, &ComparisonView::showVariant);
    chart_ = new QCustomPlot(this);
    chart_->setMinimumHeight(180);
    chart_->yAxis->setLabel(tr("Output SQNR (dB)"));
    chart_->xAxis->setLabel(tr("Layer (execution order)"));
    chart_->legend->setVisible(true);
    chart_->addGraph()->setName(tr("Whole plan"));
    chart_->graph(0)->setPen(QPen(QColor(31, 119, 180), 2));
    chart_->graph(0)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    chart_->addGraph()->setName(tr("This layer alone"));
    chart_->graph(1)->setPen(QPen(QColor(214, 39, 40), 2, Qt::DashLine));
    chart_->graph(1)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 5));
    connect(chart_, &QCustomPlot::mousePress, this, [this](QMouseEvent* e) {
        const int index = int(std::lround(chart_->xAxis->pixelToCoord(e->position().x())));
        if (index >= 0 && index < layerNames_.size()) emit layerClicked(layerNames_[index]);
    });
    samples_ = table({tr("Sample"), tr("Label"), tr("KL"), tr("fp32 top-1"), tr("Quantized top-1")}, this);
    text_ = new QTextBrowser(this);
    text_->setObjectName(QStringLiteral("comparisonText"));
    sampleTabs_ = new QTabWidget(this);
    sampleTabs_->addTab(samples_, tr("Largest drift first"));
    sampleTabs_->addTab(text_, tr("Text"));
    generations_ = new GenerationsView(this);
    sampleTabs_->addTab(generations_, tr("Generations"));
    graph_ = new GraphView(this);
    sampleTabs_->addTab(graph_, tr("Graph"));
    connect(graph_, &GraphView::layerClicked, this, &ComparisonView::layerClicked);
    kernels_ = new KernelTable(this);
    sampleTabs_->addTab(kernels_, tr("Kernels"));

    auto* pick = new QHBoxLayout;
    pick->addWidget(new QLabel(tr("Quantized run:"), this));
    pick->addWidget(variant_, 1);
    auto* lower = new QWidget(this);
    auto* lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addLayout(pick);
    auto* split = new QSplitter(Qt::Horizontal, lower);
    split->addWidget(chart_);
    split->addWidget(sampleTabs_);
    lowerLayout->addWidget(split, 1);
    auto* outer = new QSplitter(Qt::Vertical, this);
    outer->addWidget(runs_);
    outer->addWidget(lower);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(outer);
}

void ComparisonView::setComparison(pipeline::Comparison comparison) {
    comparison_ = std::move(comparison);
    fillRuns();
    const QSignalBlocker block(variant_);
    variant_->clear();
    for (size_t v = 1; v < comparison_.runs.size(); ++v) variant_->addItem(QString::fromStdString(comparison_.runs[v].name));
    showVariant(0);
}

void ComparisonView::fillRuns() {
    runs_->setRowCount(int(comparison_.runs.size()));
    if (comparison_.runs.empty()) return;
    const pipeline::RunFigures& fp = comparison_.runs[0];
    const bool top1 = fp.metric == "top1";
    for (int r = 0; r < int(comparison_.runs.size()); ++r) {
        const pipeline::RunFigures& f = comparison_.runs[size_t(r)];
        const double value = top1 ? 100.0 * f.value : f.value, base = top1 ? 100.0 * fp.value : fp.value;
        const QString metric = f.metric.empty() ? QStringLiteral("-")
                               : top1           ? tr("top-1 %1 %").arg(number(value, 2))
                                                : tr("perplexity %1").arg(number(value, 4));
        runs_->setItem(r, 0, cell(QString::fromStdString(f.name), false));
        runs_->setItem(r, 1, cell(metric));
        runs_->setItem(r, 2, cell(r == 0 || f.metric.empty() ? QStringLiteral("-") : QLocale().toString(value - base, 'f', top1 ? 2 : 4)));
        runs_->setItem(r, 3, cell(scientific(f.agreement.kl)));
        runs_->setItem(r, 4, cell(number(100.0 * f.agreement.top1Agreement, 2) + QStringLiteral(" %")));
        runs_->setItem(r, 5, cell(number(f.agreement.sqnrDb, 1)));
        runs_->setItem(r, 6, cell(number(f.bitsPerWeight, 2)));
        runs_->setItem(r, 7, cell(QLocale().formattedDataSize(qint64(f.sizeBytes))));
        runs_->setItem(r, 8, cell(number(f.latencyMs, 3)));
        runs_->setItem(r, 9, cell(number(f.throughput, 0)));
        runs_->setItem(r, 10, cell(fp.throughput > 0 ? tr("%1×").arg(number(f.throughput / fp.throughput, 2)) : QStringLiteral("-")));
    }
}

void ComparisonView::showVariant(int variant) {
    layerNames_.clear();
    chart_->graph(0)->data()->clear();
    chart_->graph(1)->data()->clear();
    samples_->setRowCount(0);
    text_->clear();
    generations_->clear();
    graph_->setGraph(variant >= 0 && size_t(variant) < comparison_.details.size() ? comparison_.details[size_t(variant)].graph
                                                                                : pipeline::ModelGraph{});
    sampleTabs_->setTabVisible(sampleTabs_->indexOf(graph_), !graph_->graph().empty());
    const bool hasKernels = variant >= 0 && size_t(variant) < comparison_.details.size() &&
                            !comparison_.details[size_t(variant)].kernels.empty();
    kernels_->setTable(hasKernels ? comparison_.details[size_t(variant)].kernels : pipeline::KernelTable{});
    sampleTabs_->setTabVisible(sampleTabs_->indexOf(kernels_), hasKernels);
    if (variant < 0 || size_t(variant) >= comparison_.details.size()) {
        chart_->replot();
        return;
    }
    const pipeline::VariantDetail& d = comparison_.details[size_t(variant)];
    // Exact outputs (+inf dB) are drawn a little above the highest finite value.
    double top = 10;
    for (const auto& l : d.layers)
        for (const double v : {l.accumulatedDb, l.localDb})
            if (std::isfinite(v)) top = std::max(top, v);
    const double exact = top + 10;
    QSharedPointer<QCPAxisTickerText> ticks(new QCPAxisTickerText);
    for (int i = 0; i < int(d.layers.size()); ++i) {
        const pipeline::LayerSqnr& l = d.layers[size_t(i)];
        layerNames_ << QString::fromStdString(l.name);
        chart_->graph(0)->addData(i, std::isfinite(l.accumulatedDb) ? l.accumulatedDb : exact);
        chart_->graph(1)->addData(i, std::isfinite(l.localDb) ? l.localDb : exact);
        // A language model has dozens of matmuls: every step-th is named, without ".weight".
        const int step = std::max(1, int(d.layers.size() + kNamedLayerTicks - 1) / kNamedLayerTicks);
        QString label = layerNames_.back();
        if (d.layers.size() > size_t(kNamedLayerTicks) && label.endsWith(QStringLiteral(".weight"))) label.chop(7);
        ticks->addTick(i, i % step == 0 ? label : QString());
    }
    chart_->setVisible(!d.layers.empty()); // none when the comparison ran without layer samples
    chart_->xAxis->setTicker(ticks);
    chart_->xAxis->setTickLabelRotation(layerNames_.size() > 6 ? 60 : 0);
    chart_->xAxis->setRange(-0.5, std::max(0.5, double(layerNames_.size()) - 0.5));
    chart_->yAxis->setRange(0, exact + 5);
    chart_->replot();

    const int rows = int(std::min<size_t>(d.samples.size(), kSampleRows));
    samples_->setRowCount(rows);
    for (int r = 0; r < rows; ++r) {
        const pipeline::SampleRecord& s = d.samples[size_t(r)];
        const auto top1 = [](const std::vector<std::pair<int64_t, float>>& v) {
            return v.empty() ? QStringLiteral("-")
                             : QStringLiteral("%1 (%2)").arg(v[0].first).arg(QLocale().toString(v[0].second, 'f', 3));
        };
        samples_->setItem(r, 0, cell(QString::number(s.index)));
        const QString label = !s.text.empty()  ? QStringLiteral("\u201c%1\u201d").arg(QString::fromStdString(s.text))
                              : s.label >= 0 ? QString::number(s.label)
                                             : QStringLiteral("-");
        samples_->setItem(r, 1, cell(label, s.text.empty()));
        samples_->setItem(r, 2, cell(scientific(s.kl)));
        samples_->setItem(r, 3, cell(top1(s.reference)));
        samples_->setItem(r, 4, cell(top1(s.candidate)));
        if (!s.agrees)
            for (int c = 0; c < samples_->columnCount(); ++c) samples_->item(r, c)->setBackground(QColor(253, 226, 226));
    }
    // The text tab is there for language models only, whose records carry their token's text.
    const bool text = !d.samples.empty() && !d.samples.front().text.empty();
    sampleTabs_->setTabVisible(1, text);
    if (text) text_->setHtml(tokenHtml(d.samples));
    sampleTabs_->setTabVisible(sampleTabs_->indexOf(generations_), !comparison_.generations.empty());
    generations_->setGenerations(comparison_.generations, size_t(variant) + 1,
                                 QString::fromStdString(comparison_.runs[size_t(variant) + 1].name));
}

} // namespace qb
