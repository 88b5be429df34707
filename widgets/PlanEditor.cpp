#include "widgets/PlanEditor.h"

#include <QCheckBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/domain/scheme.h"
#include "widgets/BitsChart.h"
#include "widgets/BudgetMeter.h"
#include "widgets/ChipPalette.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanInspector.h"
#include "widgets/PlanTable.h"

namespace qb {

PlanEditor::PlanEditor(QWidget* parent)
    : QWidget(parent),
      doc_(new PlanDocument(this)),
      palette_(new ChipPalette(this)),
      table_(new PlanTableView(doc_, this)),
      chart_(new BitsChart(doc_, this)),
      inspector_(new PlanInspector(doc_, this)),
      budget_(new BudgetMeter(doc_, this)),
      showAll_(new QCheckBox(tr("Show &biases and norms"), this)),
      status_(new QLabel(this)) {
    setObjectName(QStringLiteral("planEditor"));
    showAll_->setObjectName(QStringLiteral("planShowAll"));
    showAll_->setToolTip(tr("Also list the tensors no plan touches: biases, norm weights, shapes"));
    status_->setObjectName(QStringLiteral("planStatus"));
    status_->setWordWrap(true);
    status_->setText(tr("Drag a chip onto a layer, a selection or the default; drag the bars below up or down"));

    auto* inspectorBox = new QGroupBox(tr("Selected layers"), this);
    (new QVBoxLayout(inspectorBox))->addWidget(inspector_);
    auto* budgetBox = new QGroupBox(tr("Budget"), this);
    (new QVBoxLayout(budgetBox))->addWidget(budget_);
    auto* sidePanel = new QWidget(this);
    auto* sideLayout = new QVBoxLayout(sidePanel);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(budgetBox);
    sideLayout->addWidget(inspectorBox);
    sideLayout->addStretch(1);
    // The side scrolls when the dock is short rather than squeeze the budget's lines.
    auto* side = new QScrollArea(this);
    side->setWidget(sidePanel);
    side->setWidgetResizable(true);
    side->setFrameShape(QFrame::NoFrame);
    side->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    side->setMinimumWidth(260);

    auto* list = new QWidget(this);
    auto* listLayout = new QVBoxLayout(list);
    listLayout->setContentsMargins(0, 0, 0, 0);
    listLayout->addWidget(table_, 1);

    // The list over the chart on the left, the budget and inspector along the full height.
    auto* vertical = new QSplitter(Qt::Vertical, this);
    vertical->addWidget(list);
    vertical->addWidget(chart_);
    vertical->setStretchFactor(0, 3);
    vertical->setStretchFactor(1, 1);
    vertical->setSizes({500, 170});
    auto* horizontal = new QSplitter(Qt::Horizontal, this);
    horizontal->addWidget(vertical);
    horizontal->addWidget(side);
    horizontal->setStretchFactor(0, 3);
    horizontal->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    // The palette scrolls sideways rather than force the dock (and the window) wider than the screen.
    auto* paletteScroll = new QScrollArea(this);
    paletteScroll->setWidget(palette_);
    paletteScroll->setWidgetResizable(true);
    paletteScroll->setFrameShape(QFrame::NoFrame);
    paletteScroll->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    paletteScroll->setFixedHeight(palette_->sizeHint().height() + paletteScroll->horizontalScrollBar()->sizeHint().height());
    layout->addWidget(paletteScroll);
    auto* statusRow = new QHBoxLayout;
    statusRow->addWidget(status_, 1);
    statusRow->addWidget(showAll_);
    layout->addLayout(statusRow);
    layout->addWidget(horizontal, 1);

    connect(showAll_, &QCheckBox::toggled, table_->filterModel(), &PlanFilterModel::setShowAll);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this, &PlanEditor::selectionChanged);
    connect(doc_, &PlanDocument::planChanged, this, &PlanEditor::selectionChanged);
    connect(doc_, &PlanDocument::rowsChanged, this, &PlanEditor::selectionChanged);
    connect(table_, &PlanTableView::refused, this, [this](const QString& why) { note(why, true); });
    connect(table_, &PlanTableView::applied, this, [this](const QString& n) { note(n, false); });
    connect(inspector_, &PlanInspector::refused, this, [this](const QString& why) { note(why, true); });
    connect(inspector_, &PlanInspector::applied, this, [this](const QString& n) { note(n, false); });
    connect(palette_, &ChipPalette::defaultDropped, this, [this](const quant::Scheme& s) {
        const QString why = doc_->setDefaultScheme(s);
        note(why.isEmpty() ? tr("Default: %1").arg(QString::fromStdString(s.name)) : why, !why.isEmpty());
    });
    connect(chart_, &BitsChart::layerClicked, this, [this](const QString& layer, Qt::KeyboardModifiers mods) {
        QStringList layers = (mods & (Qt::ControlModifier | Qt::ShiftModifier)) ? table_->selectedLayers() : QStringList();
        if (!layers.contains(layer)) layers << layer;
        table_->selectLayers(layers);
    });
    connect(chart_, &BitsChart::bitsDragged, this, [this](const QString& layer, int bits) {
        const quant::Scheme* s = nullptr;
        if (bits == 16) {
            s = quant::findScheme("f16");
        } else {
            // The layer's own grid when it has one; else the palette's scales if its rows split
            // into them, one scale per channel otherwise.
            const auto* r = doc_->row(layer.toStdString());
            const quant::Scheme* cur = r && r->plan ? r->plan->scheme : nullptr;
            const bool integer = cur && cur->kind == quant::SchemeKind::Integer;
            std::optional<int64_t> g = palette_->group();
            if (integer) g = cur->granularity == quant::Granularity::Group ? std::optional<int64_t>(cur->group) : std::nullopt;
            else if (g && r && r->cols % *g != 0) g.reset();
            s = quant::findScheme("int" + std::to_string(bits) + (g ? "_g" + std::to_string(*g) : std::string("_channel")) +
                                  (!integer || cur->symmetric ? "_sym" : "_asym"));
        }
        if (!s) return;
        const QString why = doc_->setScheme({layer}, *s);
        note(why.isEmpty() ? tr("%1: %2").arg(layer, QString::fromStdString(s->name)) : why, !why.isEmpty());
    });
    connect(doc_, &PlanDocument::rowsChanged, this, [this] {
        // Language models usually take groups; a CNN's short rows rarely split into them.
        palette_->setGroup(doc_->model() && doc_->model()->llama ? std::optional<int64_t>(32) : std::nullopt);
    });
    selectionChanged();
}

QString PlanEditor::statusText() const { return status_->text(); }

void PlanEditor::note(const QString& text, bool refused) {
    status_->setStyleSheet(refused ? QStringLiteral("color: #b00020") : QString());
    status_->setText(text);
    emit message(text);
}

void PlanEditor::selectionChanged() {
    const QStringList layers = table_->selectedLayers();
    inspector_->setLayers(layers);
    chart_->setSelectedLayers(layers);
    palette_->setRefusals([this, layers](const quant::Scheme& s) {
        return layers.isEmpty() ? QString() : doc_->schemeRefusal(layers, s);
    });
}

} // namespace qb
