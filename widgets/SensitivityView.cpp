#include "widgets/SensitivityView.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QHelpEvent>
#include <QToolTip>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <qcustomplot.h>

#include "core/pipeline/sensitivity.h"
#include "widgets/SensitivityRanks.h"

namespace qb {

namespace {

// Distinct hues for up to ten schemes (Tableau 10), then they repeat.
const QColor kSeriesColors[] = {{31, 119, 180}, {255, 127, 14}, {44, 160, 44},  {214, 39, 40},  {148, 103, 189},
                                {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};
// Up to this many layer names along x stand level; more are turned upright.
constexpr qsizetype kUprightLabels = 8;
// A KL below this fraction of the largest one is drawn at the floor.
constexpr double kFloorRatio = 1e-9;
// Pixels a legend entry takes ("int4_channel_sym" and its line).
constexpr int kLegendColumnWidth = 170;

QString number(double v) {
    if (std::isnan(v)) return QStringLiteral("—");
    if (std::isinf(v)) return v > 0 ? QStringLiteral("∞") : QStringLiteral("−∞");
    return QString::number(v, 'g', 3);
}

// The layer name without the ".weight" every weight tensor carries and GGUF's "blk." prefix:
// "blk.3.attn_q.weight" -> "3.attn_q", so the ticks stay short.
QString shortName(QString name) {
    if (name.endsWith(QLatin1String(".weight"))) name.chop(7);
    if (name.startsWith(QLatin1String("blk."))) name.remove(0, 4);
    return name;
}

QStandardItem* numberItem(double v) {
    auto* item = new QStandardItem(number(v));
    // NaN (not measured) sorts below every number.
    item->setData(std::isnan(v) ? std::numeric_limits<double>::lowest() : v, SensitivityView::SortRole);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

QStandardItem* textItem(const QString& text) {
    auto* item = new QStandardItem(text);
    item->setData(text, SensitivityView::SortRole);
    return item;
}

} // namespace

SensitivityView::SensitivityView(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedWidget(this)),
      hint_(new QLabel(this)),
      plot_(new QCustomPlot(this)),
      items_(new QStandardItemModel(this)),
      proxy_(new QSortFilterProxyModel(this)),
      table_(new QTableView(this)),
      correlation_(new QLabel(this)) {
    setObjectName(QStringLiteral("sensitivityView"));
    hint_->setText(tr("No sensitivity measured. Model > Sensitivity… quantizes one layer at a time and "
                      "measures how far the outputs move from fp32."));
    hint_->setAlignment(Qt::AlignCenter);
    hint_->setWordWrap(true);

    plot_->setObjectName(QStringLiteral("sensitivityPlot"));
    plot_->setMinimumSize(300, 200);
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->yAxis->setNumberPrecision(0);
    plot_->yAxis->setLabel(tr("KL(fp32 ‖ quantized), nats"));
    plot_->xAxis->setLabel(tr("Layer (execution order)"));
    QFont small = plot_->xAxis->tickLabelFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    plot_->xAxis->setTickLabelFont(small);
    plot_->xAxis->grid()->setVisible(false);
    // The legend under the axes, in columns, where it hides no point and leaves the layers their width.
    plot_->legend->setVisible(true);
    plot_->legend->setFont(small);
    plot_->legend->setFillOrder(QCPLayoutGrid::foRowsFirst); // wrap counts columns
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    plot_->legend->setMargins(QMargins(6, 0, 6, 2));
    floorLine_ = new QCPItemStraightLine(plot_);
    floorLine_->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    floorLabel_ = new QCPItemText(plot_);
    floorLabel_->setText(tr("KL of 0 (or below the floor) is drawn here"));
    floorLabel_->setFont(small);
    floorLabel_->setColor(Qt::gray);
    floorLabel_->setPositionAlignment(Qt::AlignRight | Qt::AlignBottom);
    floorLabel_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);
    highlight_ = new QCPItemRect(plot_);
    highlight_->setPen(Qt::NoPen);
    highlight_->setBrush(QColor(255, 200, 0, 70));
    highlight_->setLayer(QStringLiteral("background"));
    highlight_->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
    highlight_->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
    highlight_->setVisible(false);
    connect(plot_, &QCustomPlot::mousePress, this, &SensitivityView::onPlotClicked);
    plot_->installEventFilter(this);

    items_->setColumnCount(ColumnCount);
    proxy_->setSourceModel(items_);
    proxy_->setSortRole(SortRole);
    table_->setObjectName(QStringLiteral("sensitivityTable"));
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(table_->fontMetrics().height() + 6);
    table_->horizontalHeader()->setStretchLastSection(true);
    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        if (updatingList_ || !current.isValid()) return;
        const QString name = proxy_->index(current.row(), ColLayer).data(SortRole).toString();
        selected_ = name;
        updateHighlight();
        emit layerClicked(name);
    });

    correlation_->setObjectName(QStringLiteral("sensitivityCorrelation"));
    correlation_->setWordWrap(true);
    correlation_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(plot_);
    splitter->addWidget(table_);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* page = new QWidget(this);
    auto* pageLayout = new QVBoxLayout(page);
    pageLayout->setContentsMargins(0, 0, 0, 0);
    pageLayout->addWidget(splitter, 1);
    pageLayout->addWidget(correlation_);
    stack_->addWidget(hint_);
    stack_->addWidget(page);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(stack_);

    redraw_.setSingleShot(true);
    redraw_.setInterval(0);
    connect(&redraw_, &QTimer::timeout, this, &SensitivityView::rebuild);
}

void SensitivityView::setProject(std::shared_ptr<const Project> project, std::shared_ptr<const Model> model) {
    project_ = std::move(project);
    model_ = std::move(model);
    schedule();
}

void SensitivityView::setSelectedLayer(const QString& name) {
    selected_ = name;
    if (redraw_.isActive()) return; // the pending rebuild shows it
    updateHighlight();
}

void SensitivityView::schedule() {
    if (!redraw_.isActive()) redraw_.start();
}

void SensitivityView::flush() {
    if (redraw_.isActive()) {
        redraw_.stop();
        rebuild();
    }
}

void SensitivityView::rebuild() {
    ++rebuilds_;
    layers_.clear();
    schemes_.clear();
    reference_.clear();
    const ProjectSensitivity* s = project_ && project_->sensitivity ? &*project_->sensitivity : nullptr;
    if (s && !s->entries.empty()) {
        // Execution order from the calibration. Measured layers it lacks (an embedding table) keep
        // their table order: before the calibrated ones if the table lists them first, else after.
        QStringList table, calibrated;
        for (const SensitivityEntry& e : s->entries) {
            const QString layer = QString::fromStdString(e.layer), scheme = QString::fromStdString(e.scheme);
            if (!table.contains(layer)) table << layer;
            if (!schemes_.contains(scheme)) schemes_ << scheme;
        }
        for (const LayerStats& l : project_->calibration.layers)
            if (const QString name = QString::fromStdString(l.name); table.contains(name)) calibrated << name;
        const qsizetype firstCalibrated = calibrated.isEmpty() ? table.size() : table.indexOf(calibrated.front());
        QStringList after;
        for (qsizetype i = 0; i < table.size(); ++i)
            if (!calibrated.contains(table[i])) (i < firstCalibrated ? layers_ : after) << table[i];
        layers_ << calibrated << after;
        reference_ = QString::fromStdString(qb::referenceScheme(*s));
    }
    stack_->setCurrentIndex(layers_.isEmpty() ? 0 : 1);
    rebuildChart();
    rebuildList();
    updateCorrelation();
    updateHighlight();
}

void SensitivityView::rebuildChart() {
    plot_->clearGraphs();
    const ProjectSensitivity* s = project_ && project_->sensitivity ? &*project_->sensitivity : nullptr;
    if (!s || layers_.isEmpty()) {
        plot_->replot(QCustomPlot::rpQueuedReplot);
        return;
    }
    double smallest = std::numeric_limits<double>::infinity(), largest = 0;
    for (const SensitivityEntry& e : s->entries)
        if (e.kl > 0) {
            smallest = std::min(smallest, e.kl);
            largest = std::max(largest, e.kl);
        }
    // Below a billionth of the largest KL the differences are rounding noise (a softmax that is
    // one-hot in fp32 gives KLs of 1e-45): such values share the floor with an exact 0.
    floor_ = std::isfinite(smallest) ? std::max(smallest / 10, largest * kFloorRatio) : 1e-12;
    std::map<QString, int> column;
    for (int i = 0; i < layers_.size(); ++i) column[layers_[i]] = i;
    // A layer a scheme does not fit (a row that does not split into groups) is a NaN: a gap in
    // its line rather than a segment across the layers in between.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    std::vector<QVector<QCPGraphData>> points(size_t(schemes_.size()));
    for (auto& series : points)
        for (int i = 0; i < layers_.size(); ++i) series.append({double(i), nan});
    for (const SensitivityEntry& e : s->entries) {
        const auto k = size_t(schemes_.indexOf(QString::fromStdString(e.scheme)));
        points[k][column[QString::fromStdString(e.layer)]].value = std::max(e.kl, floor_);
    }
    for (int k = 0; k < schemes_.size(); ++k) {
        QCPGraph* g = plot_->addGraph();
        g->setName(schemes_[k]);
        const QColor color = kSeriesColors[size_t(k) % std::size(kSeriesColors)];
        g->setPen(QPen(color, 1.5));
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, 5));
        g->data()->set(points[size_t(k)], false); // sorts by x: the layer order
    }
    plot_->xAxis->setRange(-0.6, double(layers_.size()) - 0.4);
    plot_->yAxis->setRange(floor_ / 3, std::max(largest, floor_) * 3);
    floorLine_->point1->setCoords(0, floor_);
    floorLine_->point2->setCoords(1, floor_);
    floorLabel_->position->setCoords(0.99, floor_);
    updateTicks();
}

void SensitivityView::updateTicks() {
    // As many layer names as fit side by side when rotated upright, evenly spaced; the legend wraps to the width.
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    const int lineHeight = QFontMetrics(plot_->xAxis->tickLabelFont()).height();
    const int width = std::max(100, plot_->width() - 80); // the axis rect is laid out only at the replot
    const int fit = std::max(1, width / (lineHeight + 2));
    const int every = std::max<int>(1, int((layers_.size() + fit - 1) / fit));
    for (int i = 0; i < layers_.size(); i += every) ticker->addTick(i, shortName(layers_[i]));
    plot_->xAxis->setTicker(ticker);
    plot_->xAxis->setTickLabelRotation(layers_.size() > kUprightLabels ? 90 : 0);
    // As many legend columns as fit a scheme's name.
    plot_->legend->setWrap(std::max(1, plot_->width() / kLegendColumnWidth));
    plot_->replot(QCustomPlot::rpQueuedReplot);
}

bool SensitivityView::eventFilter(QObject* watched, QEvent* event) {
    // The splitter resizes the chart alone: its names and legend columns follow its width.
    if (watched == plot_ && event->type() == QEvent::Resize && !layers_.isEmpty()) updateTicks();
    if (watched == plot_ && event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString text = plot_->axisRect()->rect().contains(help->pos())
                                 ? layerSummary(int(std::lround(plot_->xAxis->pixelToCoord(help->pos().x()))))
                                 : QString();
        if (text.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), text, plot_);
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void SensitivityView::rebuildList() {
    const bool sorting = table_->isSortingEnabled();
    table_->setSortingEnabled(false);
    items_->removeRows(0, items_->rowCount());
    items_->setHorizontalHeaderLabels({tr("Layer"), tr("Kind"), tr("Worst scheme"), tr("Worst KL"),
                                       tr("KL %1").arg(reference_), tr("SQNR (dB)"), tr("Output error"),
                                       tr("Hessian trace"), tr("imatrix error")});
    const ProjectSensitivity* s = project_ && project_->sensitivity ? &*project_->sensitivity : nullptr;
    if (s) {
        for (const QString& layer : layers_) {
            const std::string name = layer.toStdString();
            const SensitivityEntry* worst = nullptr;
            for (const SensitivityEntry& e : s->entries)
                if (e.layer == name && (!worst || e.kl > worst->kl)) worst = &e;
            const SensitivityEntry* ref = referenceEntry(*s, name, reference_.toStdString());
            const double nan = std::numeric_limits<double>::quiet_NaN();
            const TensorEntry* t = model_ ? model_->find(name) : nullptr;
            auto* layerItem = textItem(layer);
            layerItem->setToolTip(layer);
            items_->appendRow({layerItem, textItem(t ? QString::fromStdString(t->kind) : QString()),
                               textItem(worst ? QString::fromStdString(worst->scheme) : QString()),
                               numberItem(worst ? worst->kl : nan), numberItem(ref ? ref->kl : nan),
                               numberItem(ref ? ref->sqnrDb : nan), numberItem(ref ? ref->outputError : nan),
                               numberItem(ref ? ref->hessianTrace : nan), numberItem(ref ? ref->imatrixError : nan)});
        }
    }
    table_->setSortingEnabled(sorting);
    for (const int c : {int(ColKind), int(ColWorstScheme), int(ColWorstKl), int(ColReferenceKl)}) table_->resizeColumnToContents(c);
    table_->resizeColumnToContents(ColLayer);
    table_->setColumnWidth(ColLayer, std::min(table_->columnWidth(ColLayer), 220));
}

void SensitivityView::updateCorrelation() {
    const ProjectSensitivity* s = project_ && project_->sensitivity ? &*project_->sensitivity : nullptr;
    if (!s || s->entries.empty()) {
        correlation_->clear();
        return;
    }
    const pipeline::ProxyCorrelation c = pipeline::proxyCorrelation(s->entries);
    const auto rho = [](double v) { return std::isnan(v) ? QStringLiteral("—") : QString::number(v, 'f', 2); };
    correlation_->setText(tr("Spearman rank correlation with KL over %n measurement(s): SQNR (negated) %1 · "
                             "output error %2 · Hessian trace %3 · imatrix %4",
                             nullptr, int(s->entries.size()))
                              .arg(rho(c.sqnr), rho(c.outputError), rho(c.hessianTrace), rho(c.imatrix)));
}

void SensitivityView::updateHighlight() {
    const auto index = layers_.indexOf(selected_);
    highlight_->setVisible(index >= 0);
    if (index >= 0) {
        highlight_->topLeft->setCoords(double(index) - 0.5, 0);
        highlight_->bottomRight->setCoords(double(index) + 0.5, 1);
    }
    plot_->replot(QCustomPlot::rpQueuedReplot);
    // The list follows without echoing the change back as a click.
    updatingList_ = true;
    const QModelIndexList rows = proxy_->match(proxy_->index(0, ColLayer), SortRole, selected_, 1, Qt::MatchExactly);
    if (rows.isEmpty()) {
        table_->clearSelection();
    } else {
        table_->setCurrentIndex(rows.first());
        table_->scrollTo(rows.first());
    }
    updatingList_ = false;
}

QString SensitivityView::layerSummary(int column) const {
    const ProjectSensitivity* s = project_ && project_->sensitivity ? &*project_->sensitivity : nullptr;
    if (!s || column < 0 || column >= layers_.size()) return {};
    const std::string name = layers_[column].toStdString();
    QString text = QStringLiteral("<b>%1</b>").arg(layers_[column].toHtmlEscaped());
    for (const SensitivityEntry& e : s->entries)
        if (e.layer == name)
            text += QStringLiteral("<br>") + tr("%1: KL %2, SQNR %3 dB").arg(QString::fromStdString(e.scheme), number(e.kl), number(e.sqnrDb));
    return text;
}

void SensitivityView::onPlotClicked(QMouseEvent* event) {
    if (layers_.isEmpty() || !plot_->axisRect()->rect().contains(event->pos())) return;
    const auto index = qsizetype(std::lround(plot_->xAxis->pixelToCoord(event->position().x())));
    if (index < 0 || index >= layers_.size()) return;
    selected_ = layers_[index];
    updateHighlight();
    emit layerClicked(selected_);
}

} // namespace qb
