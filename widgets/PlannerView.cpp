#include "widgets/PlannerView.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMouseEvent>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <qcustomplot.h>

#include "core/util/error.h"

namespace qb {

namespace {

// A click within this many pixels of a point plans at that point's size.
constexpr double kClickPixels = 12;
// Budgets in bits per weight the box offers (fp32 is the top).
constexpr double kMaxBits = 32;
// Predicted changes below this fraction of the largest are drawn at it.
constexpr double kFloorRatio = 1e-9;

QString change(double v) { return QLocale().toString(v, 'g', 4); }

} // namespace

PlannerView::PlannerView(QWidget* parent)
    : QWidget(parent),
      hint_(new QLabel(this)),
      plot_(new QCustomPlot(this)),
      budgetLabel_(new QLabel(tr("Budget:"), this)),
      budget_(new QDoubleSpinBox(this)),
      unit_(new QComboBox(this)),
      latencyLabel_(new QLabel(tr("Latency target:"), this)),
      latencyTarget_(new QDoubleSpinBox(this)),
      planButton_(new QPushButton(tr("Plan"), this)),
      status_(new QLabel(this)) {
    setObjectName(QStringLiteral("plannerView"));
    hint_->setWordWrap(true);
    hint_->setAlignment(Qt::AlignCenter);

    plot_->setObjectName(QStringLiteral("plannerPlot"));
    plot_->setMinimumSize(300, 200);
    plot_->xAxis->setLabel(tr("Bits per weight (quantizable layers)"));
    plot_->yAxis->setLabel(tr("Predicted KL (sum over layers), nats"));
    plot_->yAxis->setScaleType(QCPAxis::stLogarithmic);
    plot_->yAxis->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    plot_->yAxis->setNumberFormat(QStringLiteral("eb"));
    plot_->yAxis->setNumberPrecision(0);
    QFont small = plot_->xAxis->tickLabelFont();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    // The legend in a row under the axes, where it hides no point.
    plot_->legend->setVisible(true);
    plot_->legend->setFont(small);
    plot_->legend->setFillOrder(QCPLayoutGrid::foColumnsFirst);
    plot_->legend->setBorderPen(Qt::NoPen);
    plot_->axisRect()->insetLayout()->take(plot_->legend);
    plot_->plotLayout()->addElement(1, 0, plot_->legend);
    plot_->plotLayout()->setRowStretchFactor(1, 0.001);
    floorLine_ = new QCPItemStraightLine(plot_);
    floorLine_->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    floorLabel_ = new QCPItemText(plot_);
    floorLabel_->setFont(small);
    floorLabel_->setColor(Qt::gray);
    floorLabel_->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
    floorLabel_->position->setTypeX(QCPItemPosition::ptAxisRectRatio);

    curveGraph_ = plot_->addGraph();
    curveGraph_->setPen(QPen(QColor(31, 119, 180), 2));
    curveGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    uniformGraph_ = plot_->addGraph();
    uniformGraph_->setLineStyle(QCPGraph::lsNone);
    uniformGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, QPen(QColor(214, 39, 40), 1.5), Qt::white, 8));
    markGraph_ = plot_->addGraph();
    markGraph_->setLineStyle(QCPGraph::lsNone);
    markGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, QPen(QColor(255, 127, 14), 2), Qt::NoBrush, 16));
    chosenGraph_ = plot_->addGraph();
    chosenGraph_->setLineStyle(QCPGraph::lsNone);
    chosenGraph_->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(QColor(44, 160, 44), 2), Qt::NoBrush, 12));
    connect(plot_, &QCustomPlot::mousePress, this, &PlannerView::onPlotClicked);
    plot_->setToolTip(tr("Click a point of the curve or a uniform scheme to plan at its size"));

    budget_->setObjectName(QStringLiteral("plannerBudget"));
    budget_->setDecimals(3);
    unit_->setObjectName(QStringLiteral("plannerUnit"));
    unit_->addItem(QString());
    unit_->addItem(QString());
    latencyTarget_->setObjectName(QStringLiteral("plannerLatency"));
    latencyTarget_->setDecimals(3);
    latencyTarget_->setRange(0, 1e6);
    latencyTarget_->setSuffix(tr(" ms"));
    latencyTarget_->setSpecialValueText(tr("none"));
    latencyTarget_->setToolTip(tr("The plan's predicted latency at most this (Model > Measure Latency first); none: no target"));
    planButton_->setObjectName(QStringLiteral("plannerPlan"));
    planButton_->setToolTip(tr("Load the plan of least predicted change within the budget into the plan editor"));
    status_->setObjectName(QStringLiteral("plannerStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(planButton_, &QPushButton::clicked, this, &PlannerView::onPlanClicked);
    connect(unit_, &QComboBox::currentIndexChanged, this, &PlannerView::onUnitChanged);

    auto* controls = new QHBoxLayout;
    controls->addWidget(budgetLabel_);
    controls->addWidget(budget_);
    controls->addWidget(unit_);
    controls->addSpacing(12);
    controls->addWidget(latencyLabel_);
    controls->addWidget(latencyTarget_);
    controls->addSpacing(12);
    controls->addWidget(planButton_);
    controls->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(hint_);
    layout->addWidget(plot_, 1);
    layout->addLayout(controls);
    layout->addWidget(status_);
    retranslate();
    rebuild();
}

void PlannerView::changeEvent(QEvent* event) {
    QWidget::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        retranslate();
        plot_->replot();
    }
}

// The texts this view builds itself (the switch retranslates labels, tooltips and axes).
void PlannerView::retranslate() {
    curveGraph_->setName(tr("Planned (Pareto curve)"));
    uniformGraph_->setName(tr("Uniform schemes"));
    markGraph_->setName(tr("Plan in the editor"));
    chosenGraph_->setName(tr("Last automatic plan"));
    floorLabel_->setText(tr("a predicted KL of 0, or below a billionth of the largest, is drawn here"));
    unit_->setItemText(0, tr("bits per weight"));
    unit_->setItemText(1, tr("MB (whole model)"));
    updateHint();
}

void PlannerView::updateHint() {
    if (!model_)
        hint_->setText(tr("Open a model to plan its precision."));
    else if (!problem_.isEmpty())
        hint_->setText(problem_);
    else if (!planner_ || curve_.empty())
        hint_->setText(tr("No sensitivity table yet. Model > Sensitivity… measures each layer in each scheme; the "
                          "planner then finds the plan of least predicted change for any size."));
    else
        hint_->setText(tr("Click a point, or set a budget and press Plan: the plan of least predicted change "
                          "(summed from the sensitivity table, method %1) loads into the plan editor as one undo step.")
                           .arg(QString::fromStdString(table_->settings.method)));
}

PlannerView::~PlannerView() = default;

void PlannerView::setInputs(std::shared_ptr<const Model> model, std::shared_ptr<const ProjectSensitivity> table,
                            std::shared_ptr<const ProjectLatency> latency, uint64_t otherBytes) {
    // The same inputs again (a project re-set after a save) keep the curve and the last plan.
    if (model == model_ && table == table_ && latency == latency_ && otherBytes == otherBytes_) return;
    model_ = std::move(model);
    table_ = std::move(table);
    latency_ = std::move(latency);
    otherBytes_ = otherBytes;
    rebuild();
}

void PlannerView::rebuild() {
    planner_.reset();
    curve_.clear();
    uniform_.clear();
    last_.reset();
    problem_.clear();
    status_->clear();
    if (model_ && table_ && !table_->entries.empty()) {
        try {
            planner_ = std::make_unique<quant::AutoPlanner>(*model_, *table_, table_->settings.method);
            curve_ = planner_->pareto();
            uniform_ = planner_->uniform();
        } catch (const Error& e) {
            planner_.reset();
            problem_ = tr("The sensitivity table cannot be planned with: %1").arg(QString::fromUtf8(e.what()));
        }
    }
    const bool ready = planner_ && !curve_.empty();
    updateHint();
    plot_->setVisible(ready);
    for (QWidget* w : std::initializer_list<QWidget*>{budgetLabel_, budget_, unit_, planButton_}) w->setEnabled(ready);
    const bool timed = ready && latency_;
    latencyLabel_->setEnabled(timed);
    latencyTarget_->setEnabled(timed);
    if (!timed) latencyTarget_->setValue(0);
    onUnitChanged();
    if (ready) {
        // Start at the curve's middle: a budget the planner can meet.
        const quant::ParetoPoint& mid = curve_[curve_.size() / 2];
        budget_->setValue(budgetInBits_ ? mid.bitsPerWeight : double(mid.bytes + otherBytes_) / 1e6);
    }
    redraw();
}

void PlannerView::onUnitChanged() {
    const bool bits = unit_->currentIndex() == 0;
    if (!planner_ || curve_.empty()) {
        budget_->setRange(0, kMaxBits);
        budgetInBits_ = bits;
        return;
    }
    // The same budget in the other unit.
    const double weights = double(planner_->weights());
    const double old = budget_->value();
    const double bytes = budgetInBits_ ? old * weights / 8 : old * 1e6 - double(otherBytes_);
    budgetInBits_ = bits;
    if (bits) {
        budget_->setRange(0.5, kMaxBits);
        budget_->setSingleStep(0.1);
        budget_->setSuffix(tr(" bpw"));
        budget_->setValue(weights > 0 ? 8 * bytes / weights : 0);
    } else {
        budget_->setRange(0.001, 1e9);
        budget_->setSingleStep(std::max(0.001, double(curve_.back().bytes + otherBytes_) / 1e6 / 50));
        budget_->setSuffix(tr(" MB"));
        budget_->setValue((bytes + double(otherBytes_)) / 1e6);
    }
}

double PlannerView::floorOf(double v) const { return std::max(v, floor_); }

void PlannerView::redraw() {
    for (QCPItemText* t : uniformLabels_) plot_->removeItem(t);
    uniformLabels_.clear();
    QVector<double> x, y;
    // Classifiers with confident outputs predict KLs down to 1e-40 for 8 bits: a log axis over
    // all of that hides the differences that matter, so the floor sits a billion below the top.
    double largest = 0;
    for (const quant::ParetoPoint& p : curve_) largest = std::max(largest, p.predictedDelta);
    for (const auto& u : uniform_) largest = std::max(largest, u.point.predictedDelta);
    floor_ = largest > 0 ? largest * kFloorRatio : 1e-9;
    floorLine_->point1->setCoords(0, floor_);
    floorLine_->point2->setCoords(1, floor_);
    floorLabel_->position->setCoords(0.01, floor_);
    for (const quant::ParetoPoint& p : curve_) {
        x << p.bitsPerWeight;
        y << floorOf(p.predictedDelta);
    }
    curveGraph_->setData(x, y, true);
    x.clear();
    y.clear();
    QFont small = plot_->xAxis->tickLabelFont();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    for (const auto& u : uniform_) {
        x << u.point.bitsPerWeight;
        y << floorOf(u.point.predictedDelta);
        auto* label = new QCPItemText(plot_);
        label->setText(QString::fromStdString(u.scheme->name));
        label->setFont(small);
        label->setColor(QColor(214, 39, 40));
        label->setPositionAlignment(Qt::AlignLeft | Qt::AlignBottom);
        label->position->setCoords(u.point.bitsPerWeight, floorOf(u.point.predictedDelta));
        label->setPadding(QMargins(5, 0, 0, 3));
        uniformLabels_.push_back(label);
    }
    uniformGraph_->setData(x, y);
    x.clear();
    y.clear();
    if (markBits_ && markChange_) {
        x << *markBits_;
        y << floorOf(*markChange_);
    }
    markGraph_->setData(x, y);
    x.clear();
    y.clear();
    if (last_) {
        x << last_->size.bitsPerWeight();
        y << floorOf(last_->predictedDelta);
    }
    chosenGraph_->setData(x, y);
    plot_->rescaleAxes();
    const QCPRange xr = plot_->xAxis->range();
    plot_->xAxis->setRange(xr.lower - 0.3, xr.upper + 0.6);
    const QCPRange yr = plot_->yAxis->range();
    plot_->yAxis->setRange(yr.lower / 3, yr.upper * 30); // room for the labels above the points
    plot_->replot();
}

void PlannerView::markPlan(std::optional<double> bitsPerWeight, std::optional<double> predictedChange) {
    if (bitsPerWeight == markBits_ && predictedChange == markChange_) return;
    markBits_ = bitsPerWeight;
    markChange_ = predictedChange;
    if (planner_) redraw();
}

bool PlannerView::planToBytes(uint64_t bytes, double latencyMs, QString* why) {
    const auto fail = [&](const QString& text) {
        showStatus(text, true);
        if (why) *why = text;
        return false;
    };
    if (!planner_) return fail(problem_.isEmpty() ? tr("No sensitivity table to plan with") : problem_);
    if (latencyMs > 0 && !latency_)
        return fail(tr("A latency target needs the layers' latency measured on this machine (Model > Measure Latency)"));
    try {
        last_ = latencyMs > 0 ? planner_->plan(bytes, quant::LatencyTarget{latency_.get(), latencyMs}) : planner_->plan(bytes);
    } catch (const Error& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    QString text = tr("Planned %1 bits per weight (%2 MB of layers), predicted KL %3")
                       .arg(QLocale().toString(last_->size.bitsPerWeight(), 'f', 3),
                            QLocale().toString(double(last_->size.bytes) / 1e6, 'f', 3), change(last_->predictedDelta));
    if (std::isfinite(last_->predictedLatencyMs))
        text += tr(", predicted latency %1 ms").arg(QLocale().toString(last_->predictedLatencyMs, 'g', 4));
    showStatus(text, false);
    redraw();
    emit planChosen(*last_);
    return true;
}

bool PlannerView::planToBitsPerWeight(double bitsPerWeight, double latencyMs, QString* why) {
    if (!planner_) return planToBytes(0, latencyMs, why);
    return planToBytes(planner_->budgetBytes(bitsPerWeight), latencyMs, why);
}

void PlannerView::onPlanClicked() {
    if (!planner_) return;
    const double ms = latencyTarget_->isEnabled() ? latencyTarget_->value() : 0;
    if (unit_->currentIndex() == 0) {
        planToBitsPerWeight(budget_->value(), ms);
        return;
    }
    const double layers = budget_->value() * 1e6 - double(otherBytes_);
    if (layers <= 0) {
        showStatus(tr("The other tensors alone take %1 MB").arg(QLocale().toString(double(otherBytes_) / 1e6, 'f', 3)), true);
        return;
    }
    planToBytes(uint64_t(layers), ms);
}

QPoint PlannerView::curvePixel(size_t i) const {
    const quant::ParetoPoint& p = curve_.at(i);
    return QPoint(int(std::lround(plot_->xAxis->coordToPixel(p.bitsPerWeight))),
                  int(std::lround(plot_->yAxis->coordToPixel(floorOf(p.predictedDelta)))));
}

void PlannerView::onPlotClicked(QMouseEvent* event) {
    if (!planner_ || event->button() != Qt::LeftButton) return;
    const QPointF at = event->position();
    // The nearest point, on the curve or a uniform mark, within kClickPixels.
    double best = kClickPixels;
    std::optional<uint64_t> bytes;
    const auto consider = [&](const quant::ParetoPoint& p) {
        const double dx = plot_->xAxis->coordToPixel(p.bitsPerWeight) - at.x();
        const double dy = plot_->yAxis->coordToPixel(floorOf(p.predictedDelta)) - at.y();
        const double d = std::hypot(dx, dy);
        if (d <= best) {
            best = d;
            bytes = p.bytes;
        }
    };
    for (const quant::ParetoPoint& p : curve_) consider(p);
    for (const auto& u : uniform_) consider(u.point);
    if (!bytes) return;
    const double ms = latencyTarget_->isEnabled() ? latencyTarget_->value() : 0;
    planToBytes(*bytes, ms);
}

void PlannerView::showStatus(const QString& text, bool error) {
    status_->setText(text);
    status_->setStyleSheet(error ? QStringLiteral("color: #c0392b;") : QString());
}

QString PlannerView::statusText() const { return status_->text(); }

} // namespace qb
