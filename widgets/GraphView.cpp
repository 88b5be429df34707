#include "widgets/GraphView.h"

#include <QApplication>
#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>
#include <QToolButton>
#include <QWheelEvent>
#include <algorithm>
#include <cmath>

namespace qb {

namespace {

// The graph runs left to right by depth (the panel is a wide, low dock): a layout row is a column
// here and a layout slot a place down it.
constexpr double kColumn = 190, kSlot = 64;
constexpr double kBoxWidth = 150, kBoxHeight = 46;
// Below this zoom the labels are unreadable: boxes are drawn without them.
constexpr double kTextLevel = 0.35;
// setGraph() opens at this zoom at least (labels of 9 points at 0.75 are still legible).
constexpr double kReadable = 0.75;
constexpr double kGoodDb = 40; // the legend's top: green from here up
const QColor kExact(214, 214, 214);
const QColor kInt8Frame(28, 58, 150);

QPointF boxCorner(const GraphLayout& l, size_t node) { return {l.row[node] * kColumn, l.x[node] * kSlot}; }

QString precisionText(pipeline::NodePrecision p) {
    return p == pipeline::NodePrecision::Int8 ? QStringLiteral("int8") : QStringLiteral("fp32");
}

QString dbText(double db) {
    if (std::isnan(db)) return {};
    if (std::isinf(db)) return db > 0 ? GraphView::tr("exact") : QStringLiteral("-∞ dB");
    return GraphView::tr("%1 dB").arg(QLocale().toString(db, 'f', db == std::round(db) ? 0 : 1));
}

} // namespace

// One node: a rounded box in its SQNR colour, the op and "precision · SQNR" inside.
class GraphNodeItem : public QGraphicsItem {
public:
    enum { Type = UserType + 41 };
    GraphNodeItem(int index, QColor fill, QString op, QString detail, bool int8, bool dashed)
        : index_(index), fill_(fill), op_(std::move(op)), detail_(std::move(detail)), int8_(int8), dashed_(dashed) {
        setCacheMode(DeviceCoordinateCache);
        setZValue(1);
    }
    int type() const override { return Type; }
    int index() const { return index_; }
    void setSelectedNode(bool on) {
        selected_ = on;
        update();
    }
    QRectF boundingRect() const override { return QRectF(0, 0, kBoxWidth, kBoxHeight).adjusted(-4, -4, 4, 4); }
    void paint(QPainter* p, const QStyleOptionGraphicsItem* option, QWidget*) override {
        const double level = option->levelOfDetailFromTransform(p->worldTransform());
        const QRectF box(0, 0, kBoxWidth, kBoxHeight);
        QPen pen(int8_ ? kInt8Frame : QColor(120, 120, 120), int8_ ? 3.0 : 1.0);
        if (dashed_) pen.setStyle(Qt::DashLine);
        if (selected_) pen = QPen(QColor(255, 140, 0), 4.5);
        p->setPen(pen);
        p->setBrush(fill_);
        p->drawRoundedRect(box, 6, 6);
        const QTransform& t = p->worldTransform();
        if (level < kTextLevel || std::abs(t.m11() - t.m22()) > 1e-3 * std::abs(t.m11())) return; // overview: bars only
        QFont font = p->font();
        font.setPointSizeF(10);
        font.setBold(true);
        p->setFont(font);
        p->setPen(Qt::black);
        const QRectF top = box.adjusted(4, 3, -4, -kBoxHeight / 2);
        if (QFontMetrics(font).horizontalAdvance(op_) > top.width()) { // BatchNormalization
            font.setPointSizeF(8.5);
            p->setFont(font);
        }
        p->drawText(top, Qt::AlignCenter, QFontMetrics(font).elidedText(op_, Qt::ElideRight, int(top.width())));
        font.setBold(false);
        font.setPointSizeF(9);
        p->setFont(font);
        const QRectF bottom = box.adjusted(6, kBoxHeight / 2, -6, -3);
        p->drawText(bottom, Qt::AlignCenter, QFontMetrics(font).elidedText(detail_, Qt::ElideRight, int(bottom.width())));
    }

private:
    int index_;
    QColor fill_;
    QString op_, detail_;
    bool int8_, dashed_, selected_ = false;
};

GraphView::GraphView(QWidget* parent) : QGraphicsView(parent) {
    setObjectName(QStringLiteral("graphView"));
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(ScrollHandDrag);
    setTransformationAnchor(AnchorUnderMouse);
    setViewportUpdateMode(SmartViewportUpdate);
    setBackgroundBrush(QColor(250, 250, 250));
    setFocusPolicy(Qt::StrongFocus);

    buttons_ = new QWidget(this);
    auto* row = new QHBoxLayout(buttons_);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    const auto button = [&](const QString& text, const QString& tip, auto slot) {
        auto* b = new QToolButton(buttons_);
        b->setText(text);
        b->setToolTip(tip);
        connect(b, &QToolButton::clicked, this, slot);
        row->addWidget(b);
    };
    button(QStringLiteral("+"), tr("Zoom in (+)"), [this] { zoomBy(1.25); });
    button(QStringLiteral("−"), tr("Zoom out (-)"), [this] { zoomBy(0.8); });
    button(tr("Fit"), tr("Fit the whole graph (0)"), [this] { fitAll(); });
    buttons_->adjustSize();
    buttons_->move(8, 8);
}

QColor GraphView::sqnrColour(double db) {
    if (std::isnan(db) || std::isinf(db)) return kExact;
    const double t = std::clamp(db / kGoodDb, 0.0, 1.0);
    return QColor::fromHsvF(float(t * 120.0 / 360.0), 0.55f, 0.97f);
}

void GraphView::setGraph(pipeline::ModelGraph graph) {
    graph_ = std::move(graph);
    scene()->clear();
    items_.clear();
    drawn_ = 0;
    selected_ = -1;
    const GraphLayout& l = graph_.layout;
    if (graph_.nodes.size() != l.row.size()) return;

    QPen edgePen(QColor(140, 140, 140), 1.2);
    edgePen.setCosmetic(true);
    for (const auto& e : l.edges) {
        // Right side of the producer, through the columns it crosses, to the left side of the reader.
        std::vector<QPointF> points{boxCorner(l, e.from) + QPointF(kBoxWidth, kBoxHeight / 2)};
        for (size_t b = 0; b < e.bends.size(); ++b) {
            const double column = (l.row[e.from] + 1 + int(b)) * kColumn, y = e.bends[b] * kSlot + kBoxHeight / 2;
            points.emplace_back(column, y);
            points.emplace_back(column + kBoxWidth, y);
        }
        points.push_back(boxCorner(l, e.to) + QPointF(0, kBoxHeight / 2));
        QPainterPath path(points[0]);
        for (size_t i = 1; i < points.size(); ++i) {
            const QPointF a = points[i - 1], b = points[i];
            if (i % 2 == 0) { // straight through a column it crosses
                path.lineTo(b);
                continue;
            }
            const double dx = (b.x() - a.x()) / 2;
            path.cubicTo(a + QPointF(dx, 0), b - QPointF(dx, 0), b);
        }
        auto* item = scene()->addPath(path, edgePen);
        item->setZValue(0);
    }

    items_.assign(graph_.nodes.size(), nullptr);
    for (size_t k = 0; k < graph_.nodes.size(); ++k) {
        if (l.row[k] < 0) continue; // not drawn (ONNX Constant nodes)
        const pipeline::GraphNodeInfo& n = graph_.nodes[k];
        const bool int8 = n.precision == pipeline::NodePrecision::Int8;
        QString detail = precisionText(n.precision);
        if (n.status == pipeline::NodeStatus::Measured) detail += QStringLiteral(" · ") + dbText(n.sqnrDb);
        else if (n.status == pipeline::NodeStatus::Fused) detail += QStringLiteral(" · ") + tr("fused");
        else if (n.status == pipeline::NodeStatus::Constant) detail = tr("constant");
        // A fused node has no output of its own: it takes the colour of the kernel it runs in, paler.
        QColor fill = sqnrColour(n.status == pipeline::NodeStatus::Measured ? n.sqnrDb : std::nan(""));
        if (n.status == pipeline::NodeStatus::Fused && n.measuredAt >= 0) {
            const QColor kernel = sqnrColour(graph_.nodes[size_t(n.measuredAt)].sqnrDb);
            fill = QColor((kernel.red() + 255) / 2, (kernel.green() + 255) / 2, (kernel.blue() + 255) / 2);
        }
        auto* item = new GraphNodeItem(int(k), fill, QString::fromStdString(n.op), detail, int8,
                                       n.status == pipeline::NodeStatus::Fused || n.status == pipeline::NodeStatus::Constant);
        item->setPos(boxCorner(l, k));
        item->setToolTip(tooltip(int(k)));
        scene()->addItem(item);
        items_[k] = item;
        ++drawn_;
    }
    setSceneRect(scene()->itemsBoundingRect().adjusted(-60, -60, 60, 60));
    // The whole graph when its labels stay readable, else readable from the inputs on.
    fitAll();
    if (!items_.empty() && std::min(transform().m11(), transform().m22()) < kReadable) {
        resetTransform();
        scale(kReadable, kReadable);
        const GraphNodeItem* first = nullptr;
        for (const GraphNodeItem* item : items_)
            if (item && (!first || item->x() < first->x())) first = item;
        if (first) centerOn(first->sceneBoundingRect().center() + QPointF(viewport()->width() / (2 * kReadable) - kColumn / 2, 0));
    }
}

QString GraphView::tooltip(int index) const {
    const pipeline::GraphNodeInfo& n = graph_.nodes[size_t(index)];
    QStringList lines{QStringLiteral("<b>%1</b> (%2)").arg(QString::fromStdString(n.name).toHtmlEscaped(),
                                                            QString::fromStdString(n.op).toHtmlEscaped())};
    if (!n.shape.empty()) {
        QStringList dims;
        for (const int64_t d : n.shape) dims << QString::number(d);
        lines << tr("Output: [%1]").arg(dims.join(QStringLiteral(", ")));
    }
    lines << tr("Runs in %1").arg(precisionText(n.precision));
    if (!n.weight.empty())
        lines << tr("Layer %1: %2").arg(QString::fromStdString(n.weight).toHtmlEscaped(),
                                        n.scheme.empty() ? tr("kept in f32") : QString::fromStdString(n.scheme));
    if (!std::isnan(n.sqnrDb)) lines << tr("Output SQNR against fp32: %1").arg(dbText(n.sqnrDb));
    switch (n.status) {
    case pipeline::NodeStatus::Measured: break;
    case pipeline::NodeStatus::Fused:
        lines << (n.measuredAt >= 0 ? tr("Fused: runs inside the kernel whose output is %1's")
                                          .arg(QString::fromStdString(graph_.nodes[size_t(n.measuredAt)].name).toHtmlEscaped())
                                    : tr("Fused into another kernel"));
        break;
    case pipeline::NodeStatus::Constant: lines << tr("Computed from constants before the run"); break;
    case pipeline::NodeStatus::Unmeasured: break;
    }
    return lines.join(QStringLiteral("<br>"));
}

QRectF GraphView::nodeRect(int index) const {
    if (index < 0 || size_t(index) >= items_.size() || !items_[size_t(index)]) return {};
    return items_[size_t(index)]->mapRectToScene(QRectF(0, 0, kBoxWidth, kBoxHeight));
}

bool GraphView::selectLayer(const QString& layer) {
    const std::string name = layer.toStdString();
    for (size_t k = 0; k < items_.size(); ++k)
        if (items_[k] && (graph_.nodes[k].weight == name || (graph_.nodes[k].weight.empty() && graph_.nodes[k].name == name))) {
            select(int(k));
            // Scrolled to only when out of sight: a click in the view comes back here.
            if (!mapToScene(viewport()->rect()).boundingRect().contains(nodeRect(int(k)))) centerOn(items_[k]);
            return true;
        }
    return false;
}

void GraphView::select(int index) {
    if (selected_ >= 0) items_[size_t(selected_)]->setSelectedNode(false);
    selected_ = index >= 0 && size_t(index) < items_.size() && items_[size_t(index)] ? index : -1;
    if (selected_ >= 0) items_[size_t(selected_)]->setSelectedNode(true);
}

void GraphView::zoomBy(double factor) {
    // Buttons and keys zoom about the middle of the view; the wheel about the pointer.
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    zoomAbout(factor);
    setTransformationAnchor(anchor);
}

// Scales depth (x) by `factor`; the other axis keeps an overview's stretch until x catches up.
void GraphView::zoomAbout(double factor) {
    const double sx = transform().m11(), sy = transform().m22();
    const double x = std::clamp(sx * factor, 0.01, 4.0), y = std::clamp(std::max(x, sy * std::min(factor, 1.0)), x, 4.0);
    scale(x / sx, y / sy);
}

// A long, thin graph (PP-OCRv4 det: 276 columns) fitted keeping its aspect would be a hairline:
// the overview keeps the depth fitted and stretches the other axis (up to the zoom setGraph()
// opens at), so every node stays a visible bar in its colour. Labels show again once zoomed in.
void GraphView::fitAll() {
    if (scene()->items().isEmpty()) return;
    const QRectF r = sceneRect();
    const double sx = viewport()->width() / r.width(), sy = viewport()->height() / r.height();
    resetTransform();
    // Stretched only where the labels would be hidden anyway.
    scale(std::min(sx, sy), sx < sy && sx < kTextLevel ? std::min(sy, std::max(sx, kReadable)) : std::min(sx, sy));
    centerOn(r.center());
}

void GraphView::wheelEvent(QWheelEvent* event) {
    zoomAbout(std::pow(1.0015, event->angleDelta().y())); // about the pointer (AnchorUnderMouse)
    event->accept();
}

void GraphView::keyPressEvent(QKeyEvent* event) {
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.25); break;
    case Qt::Key_Minus: zoomBy(0.8); break;
    case Qt::Key_0: fitAll(); break;
    default: QGraphicsView::keyPressEvent(event); return;
    }
    event->accept();
}

void GraphView::mousePressEvent(QMouseEvent* event) {
    pressedAt_ = event->position().toPoint();
    QGraphicsView::mousePressEvent(event);
}

void GraphView::mouseReleaseEvent(QMouseEvent* event) {
    QGraphicsView::mouseReleaseEvent(event);
    const QPoint at = event->position().toPoint();
    if (event->button() != Qt::LeftButton || (at - pressedAt_).manhattanLength() > QApplication::startDragDistance())
        return;
    for (QGraphicsItem* item : items(at))
        if (item->type() == GraphNodeItem::Type) {
            const int index = static_cast<GraphNodeItem*>(item)->index();
            select(index);
            emit nodeClicked(index);
            if (const std::string& w = graph_.nodes[size_t(index)].weight; !w.empty())
                emit layerClicked(QString::fromStdString(w));
            return;
        }
}

void GraphView::resizeEvent(QResizeEvent* event) {
    QGraphicsView::resizeEvent(event);
    buttons_->move(8, 8);
}

// The legend, fixed in the lower left corner of the view, in two columns (the panel is low): the
// SQNR scale; the swatches for grey, fused and the int8 frame.
void GraphView::drawForeground(QPainter* p, const QRectF&) {
    if (graph_.nodes.empty()) return;
    p->save();
    p->resetTransform();
    QFont font = p->font();
    font.setPointSizeF(8.5);
    p->setFont(font);
    const QFontMetrics fm(font);
    const bool measured = graph_.samples > 0;
    const QString title = measured ? tr("Output SQNR against fp32 (%n image(s))", nullptr, int(graph_.samples))
                                   : tr("Not measured: run Model > Compare with fp32");
    const QStringList swatches{tr("exact, or computed from constants"), tr("fused: paler colour of the kernel it runs in"),
                               tr("runs in int8")};
    const int line = fm.height() + 3, barWidth = 170, gap = 16;
    const int left = std::max(fm.horizontalAdvance(title), barWidth + 30);
    int right = 0;
    for (const QString& t : swatches) right = std::max(right, fm.horizontalAdvance(t) + 26);
    const int width = measured ? left + gap + right + 16 : left + 16, height = 3 * line + 10;
    const QRect box(8, viewport()->height() - height - 8, width, height);
    p->setPen(QColor(190, 190, 190));
    p->setBrush(QColor(255, 255, 255, 235));
    p->drawRoundedRect(box, 4, 4);
    const int x0 = box.left() + 8, y0 = box.top() + 5;
    p->setPen(Qt::black);
    p->drawText(QRect(x0, y0, left, line), Qt::AlignLeft | Qt::AlignVCenter, title);
    // The swatch of row `r` of the right column (or the left one when nothing was measured).
    const auto swatch = [&](int r, const QPen& pen, const QBrush& brush, const QString& text) {
        const int x = measured ? x0 + left + gap : x0, y = y0 + r * line;
        p->setPen(pen);
        p->setBrush(brush);
        p->drawRect(QRect(x + 1, y + 4, 16, line - 8));
        p->setPen(Qt::black);
        p->drawText(QRect(x + 24, y, right, line), Qt::AlignLeft | Qt::AlignVCenter, text);
    };
    if (measured) {
        const QRect bar(x0, y0 + line + 2, barWidth, line - 5);
        QLinearGradient g(bar.topLeft(), bar.topRight());
        for (int i = 0; i <= 8; ++i) g.setColorAt(i / 8.0, sqnrColour(kGoodDb * i / 8.0));
        p->setPen(QColor(120, 120, 120));
        p->setBrush(g);
        p->drawRect(bar);
        p->setPen(Qt::black);
        const QRect ticks(x0, y0 + 2 * line, barWidth, line);
        p->drawText(ticks, Qt::AlignLeft | Qt::AlignVCenter, dbText(0));
        p->drawText(ticks, Qt::AlignHCenter | Qt::AlignVCenter, dbText(kGoodDb / 2));
        p->drawText(ticks.adjusted(0, 0, 30, 0), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("≥ ") + dbText(kGoodDb));
        swatch(0, QPen(QColor(120, 120, 120)), kExact, swatches[0]);
        swatch(1, QPen(QColor(120, 120, 120), 1, Qt::DashLine), QColor(200, 240, 200), swatches[1]);
    }
    swatch(measured ? 2 : 1, QPen(kInt8Frame, 3), Qt::NoBrush, swatches[2]);
    p->restore();
}

QSize GraphView::sizeHint() const { return {300, 200}; } // not the scene's size: the panel shares its width

} // namespace qb
