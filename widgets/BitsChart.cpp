#include "widgets/BitsChart.h"

#include <QLocale>
#include <cmath>

#include "core/domain/scheme.h"
#include "widgets/ChipPalette.h"
#include "widgets/PlanDocument.h"

namespace qb {

namespace {
constexpr double kBottom = 1.7, kTop = 36; // log axis: room below 2 bits and above 32
}

BitsChart::BitsChart(PlanDocument* doc, QWidget* parent) : QCustomPlot(parent), doc_(doc) {
    setObjectName(QStringLiteral("bitsChart"));
    setMinimumHeight(170);
    outline_ = new QCPBars(xAxis, yAxis);
    outline_->setBrush(Qt::NoBrush);
    outline_->setPen(QPen(QColor(230, 120, 0), 2));
    outline_->setWidth(0.8);
    outline_->setBaseValue(1);
    outline_->removeFromLegend();
    // The selection's outlines over every series' bars.
    addLayer(QStringLiteral("selection"), layer(QStringLiteral("main")), QCustomPlot::limAbove);
    outline_->setLayer(QStringLiteral("selection"));
    yAxis->setScaleType(QCPAxis::stLogarithmic);
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    // 3 and 5 unlabelled: the log scale puts them close to their neighbours.
    for (int l : kLevels) ticker->addTick(l, l == 16 ? tr("fp16") : l == 3 || l == 5 ? QString() : QString::number(l));
    ticker->addTick(32, tr("f32"));
    yAxis->setTicker(ticker);
    yAxis->setRange(kBottom, kTop);
    yAxis->setLabel(tr("bits per weight"));
    xAxis->setLabel(tr("layer, in execution order"));
    auto xTicker = QSharedPointer<QCPAxisTickerFixed>::create();
    xTicker->setTickStep(1);
    xTicker->setScaleStrategy(QCPAxisTickerFixed::ssMultiples);
    xAxis->setTicker(xTicker);
    xAxis->grid()->setVisible(false);
    legend->setVisible(true);
    legend->setFont(font());
    // The legend beside the bars, not over them.
    auto* side = new QCPLayoutGrid;
    plotLayout()->addElement(0, 1, side);
    plotLayout()->setColumnStretchFactor(1, 0.001);
    side->addElement(0, 0, legend);
    side->addElement(1, 0, new QCPLayoutElement(this)); // keeps the legend at the top
    side->setRowStretchFactor(0, 0.001);
    legend->setMargins(QMargins(4, 4, 4, 4));
    preview_ = new QCPItemLine(this);
    preview_->setPen(QPen(QColor(230, 120, 0), 2, Qt::DashLine));
    preview_->setVisible(false);
    previewText_ = new QCPItemText(this);
    previewText_->setColor(QColor(230, 120, 0));
    previewText_->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    previewText_->setVisible(false);
    setToolTip(tr("Drag a bar up or down to give its layer 8, 6, 5, 4, 3 or 2 bits or fp16; click to select it"));
    connect(doc_, &PlanDocument::planChanged, this, &BitsChart::rebuild);
    connect(doc_, &PlanDocument::rowsChanged, this, &BitsChart::rebuild);
    rebuild();
}

void BitsChart::setSelectedLayers(const QStringList& layers) {
    selected_ = layers;
    rebuild();
}

QCPBars* BitsChart::series(const QString& label, const QColor& color) {
    QCPBars*& b = series_[label];
    if (!b) {
        b = new QCPBars(xAxis, yAxis);
        b->setName(label);
        b->setBrush(color);
        b->setPen(Qt::NoPen);
        b->setWidth(0.8);
        b->setBaseValue(1); // the log axis has no 0
    }
    return b;
}

void BitsChart::rebuild() {
    layers_.clear();
    std::map<QString, std::pair<QVector<double>, QVector<double>>> bars;
    std::map<QString, QColor> colors;
    QVector<double> outlineKeys, outlines;
    for (const PlanDocument::Row& r : doc_->rows()) {
        if (!r.tensor->quantizable) continue;
        const double x = layers_.size();
        const QString name = QString::fromStdString(r.tensor->name);
        layers_ << name;
        const quant::Scheme& s = r.plan ? *r.plan->scheme : quant::scheme("f32");
        const double bits = r.plan ? quant::bitsPerWeight(s, r.plan->rows, r.plan->cols).value_or(s.bitsPerWeight) : 32.0;
        const QString label = s.kind == quant::SchemeKind::Integer ? QStringLiteral("INT%1").arg(s.bits)
                              : s.kind == quant::SchemeKind::Ggml  ? tr("GGML")
                                                                   : tr("float");
        bars[label].first << x;
        bars[label].second << bits;
        colors[label] = schemeColor(s);
        if (selected_.contains(name)) outlineKeys << x, outlines << bits;
    }
    legend->clearItems();
    for (auto& [label, b] : series_) {
        b->data()->clear();
    }
    for (const auto& [label, data] : bars) {
        QCPBars* b = series(label, colors[label]);
        b->setData(data.first, data.second, true);
        b->addToLegend();
    }
    outline_->setData(outlineKeys, outlines, true);
    legend->setVisible(!bars.empty());
    xAxis->setRange(-0.7, std::max<double>(kMinSlots, layers_.size()) - 0.3);
    replot(QCustomPlot::rpQueuedReplot);
}

QPoint BitsChart::barTop(int index) const {
    if (index < 0 || index >= layers_.size()) return {};
    const auto* r = doc_->row(layers_[index].toStdString());
    double bits = 32;
    if (r && r->plan) bits = quant::bitsPerWeight(*r->plan->scheme, r->plan->rows, r->plan->cols).value_or(32);
    return QPoint(int(std::lround(xAxis->coordToPixel(index))), int(std::lround(yAxis->coordToPixel(bits))) + 2);
}

int BitsChart::levelY(double bits) const { return int(std::lround(yAxis->coordToPixel(bits))); }

int BitsChart::levelAt(int y) const {
    const double v = yAxis->pixelToCoord(y);
    int best = kLevels[0];
    for (int l : kLevels)
        if (std::fabs(std::log(v) - std::log(double(l))) < std::fabs(std::log(v) - std::log(double(best)))) best = l;
    return best;
}

int BitsChart::barAt(const QPoint& p) const {
    if (layers_.isEmpty() || !axisRect()->rect().contains(p)) return -1;
    const int i = int(std::lround(xAxis->pixelToCoord(p.x())));
    if (i < 0 || i >= layers_.size() || std::fabs(xAxis->pixelToCoord(p.x()) - i) > 0.45) return -1;
    return i;
}

void BitsChart::mousePressEvent(QMouseEvent* event) {
    const int i = event->button() == Qt::LeftButton ? barAt(event->position().toPoint()) : -1;
    if (i < 0) {
        QCustomPlot::mousePressEvent(event);
        return;
    }
    dragging_ = i;
    dragLevel_ = 0;
    emit layerClicked(layers_[i], event->modifiers());
}

void BitsChart::mouseMoveEvent(QMouseEvent* event) {
    if (dragging_ < 0) {
        QCustomPlot::mouseMoveEvent(event);
        return;
    }
    dragLevel_ = levelAt(int(event->position().y()));
    preview_->start->setCoords(dragging_ - 0.5, dragLevel_);
    preview_->end->setCoords(dragging_ + 0.5, dragLevel_);
    previewText_->position->setCoords(dragging_, dragLevel_);
    previewText_->setText(dragLevel_ == 16 ? tr("fp16") : tr("%1 bits").arg(dragLevel_));
    preview_->setVisible(true);
    previewText_->setVisible(true);
    replot(QCustomPlot::rpQueuedReplot);
}

void BitsChart::mouseReleaseEvent(QMouseEvent* event) {
    if (dragging_ < 0) {
        QCustomPlot::mouseReleaseEvent(event);
        return;
    }
    const int layer = dragging_, level = dragLevel_;
    dragging_ = -1;
    preview_->setVisible(false);
    previewText_->setVisible(false);
    replot(QCustomPlot::rpQueuedReplot);
    if (level > 0) emit bitsDragged(layers_[layer], level);
}

} // namespace qb
