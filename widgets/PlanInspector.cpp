#include "widgets/PlanInspector.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStandardItemModel>
#include <QVBoxLayout>

#include "core/domain/scheme.h"
#include "core/quant/methods.h"
#include "widgets/PlanDocument.h"

namespace qb {

PlanInspector::PlanInspector(PlanDocument* doc, QWidget* parent)
    : QWidget(parent),
      doc_(doc),
      title_(new QLabel(this)),
      current_(new QLabel(this)),
      group_(new QComboBox(this)),
      grid_(new QComboBox(this)),
      method_(new QComboBox(this)),
      applyKind_(new QPushButton(this)),
      reset_(new QPushButton(tr("Back to the &default"), this)) {
    setObjectName(QStringLiteral("planInspector"));
    title_->setWordWrap(true);
    title_->setTextFormat(Qt::RichText);
    current_->setWordWrap(true);
    group_->setObjectName(QStringLiteral("inspectorGroup"));
    group_->addItem(tr("One scale per output channel"), 0);
    for (int64_t g : quant::groupSizes()) group_->addItem(tr("Groups of %1 weights").arg(g), int(g));
    grid_->setObjectName(QStringLiteral("inspectorGrid"));
    grid_->addItem(tr("Symmetric"), true);
    grid_->addItem(tr("Asymmetric (zero points)"), false);
    method_->setObjectName(QStringLiteral("inspectorMethod"));
    // Narrow docks: the combos shrink (their popups still show the whole text).
    for (QComboBox* c : {group_, grid_, method_}) {
        c->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        c->setMinimumContentsLength(12);
    }
    applyKind_->setObjectName(QStringLiteral("inspectorApplyKind"));
    reset_->setObjectName(QStringLiteral("inspectorReset"));
    reset_->setToolTip(tr("Drop the layers' own entries: they follow the plan's default again"));

    auto* form = new QFormLayout;
    form->addRow(tr("&Scales:"), group_);
    form->addRow(tr("&Grid:"), grid_);
    form->addRow(tr("&Method:"), method_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(title_);
    layout->addWidget(current_);
    layout->addLayout(form);
    layout->addWidget(applyKind_);
    layout->addWidget(reset_);
    layout->addStretch(1);

    connect(group_, &QComboBox::activated, this, [this] {
        const int g = group_->currentData().toInt();
        report(doc_->setGroup(layers_, g > 0 ? std::optional<int64_t>(g) : std::nullopt), tr("Scales changed"));
    });
    connect(grid_, &QComboBox::activated, this,
            [this] { report(doc_->setSymmetric(layers_, grid_->currentData().toBool()), tr("Grid changed")); });
    connect(method_, &QComboBox::activated, this,
            [this] { report(doc_->setMethod(layers_, method_->currentData().toString().toStdString()), tr("Method changed")); });
    connect(applyKind_, &QPushButton::clicked, this, [this] {
        if (layers_.isEmpty()) return;
        QStringList skipped;
        const QString why = doc_->applyToKind(layers_.front(), &skipped);
        report(why, skipped.isEmpty() ? tr("Applied to every layer of this kind")
                                      : tr("Applied; these cannot take it: %1").arg(skipped.join(QStringLiteral(", "))));
    });
    connect(reset_, &QPushButton::clicked, this, [this] { report(doc_->resetLayers(layers_), tr("Back to the default")); });
    connect(doc_, &PlanDocument::planChanged, this, &PlanInspector::refresh);
    connect(doc_, &PlanDocument::rowsChanged, this, [this] { setLayers({}); });
    refresh();
}

void PlanInspector::setLayers(const QStringList& layers) {
    layers_ = layers;
    refresh();
}

void PlanInspector::report(const QString& why, const QString& note) {
    if (why.isEmpty()) emit applied(note);
    else emit refused(why);
    refresh(); // a refused edit puts the controls back
}

void PlanInspector::refresh() {
    const PlanDocument::Row* r = layers_.isEmpty() ? nullptr : doc_->row(layers_.front().toStdString());
    const bool any = r != nullptr;
    for (QWidget* w : {static_cast<QWidget*>(group_), static_cast<QWidget*>(grid_), static_cast<QWidget*>(method_),
                       static_cast<QWidget*>(applyKind_), static_cast<QWidget*>(reset_)})
        w->setEnabled(any);
    if (!any) {
        title_->setText(tr("<b>Inspector</b>: select layers in the list or the chart"));
        current_->clear();
        applyKind_->setText(tr("Apply to every layer of this kind"));
        return;
    }
    const QString kind = QString::fromStdString(r->tensor->kind);
    title_->setText(layers_.size() == 1
                        ? tr("<b>%1</b> (%2)").arg(layers_.front().toHtmlEscaped(), kind.toHtmlEscaped())
                        : tr("<b>%1 layers</b>, first %2").arg(layers_.size()).arg(layers_.front().toHtmlEscaped()));
    applyKind_->setText(tr("Apply to every %1").arg(kind));
    applyKind_->setToolTip(tr("Every layer of kind %1 gets this layer's scheme and method as its own entry").arg(kind));
    const quant::LayerPlan* lp = r->plan;
    current_->setText(lp ? tr("Now: %1, %2 bits per weight, %3")
                               .arg(QString::fromStdString(lp->scheme->name))
                               .arg(QLocale().toString(quant::bitsPerWeight(*lp->scheme, lp->rows, lp->cols).value_or(0), 'f', 2))
                               .arg(QString::fromStdString(quant::methodLabel(lp->method)))
                         : tr("The plan has problems: fix or import another"));
    const QSignalBlocker b1(group_), b2(grid_), b3(method_);
    const bool integer = lp && lp->scheme->kind == quant::SchemeKind::Integer;
    group_->setEnabled(integer);
    grid_->setEnabled(integer);
    const QString fixed = tr("The format fixes scales and grid; drop an INT chip to choose them");
    group_->setToolTip(integer ? QString() : fixed);
    grid_->setToolTip(integer ? QString() : fixed);
    if (integer) {
        group_->setCurrentIndex(group_->findData(lp->scheme->granularity == quant::Granularity::Group ? int(lp->scheme->group) : 0));
        grid_->setCurrentIndex(grid_->findData(lp->scheme->symmetric));
        // Only the group sizes every selected layer's rows split into.
        auto* items = qobject_cast<QStandardItemModel*>(group_->model());
        for (int i = 0; i < group_->count(); ++i) {
            const int g = group_->itemData(i).toInt();
            bool fits = true;
            for (const QString& name : layers_)
                if (const auto* row = doc_->row(name.toStdString()); g > 0 && row && row->cols % g != 0) fits = false;
            items->item(i)->setEnabled(fits);
            items->item(i)->setToolTip(fits ? QString() : tr("The rows do not split into groups of %1").arg(g));
        }
    }
    method_->clear();
    for (const std::string& m : doc_->offeredMethods()) {
        const quant::Method* method = quant::findMethod(m);
        method_->addItem(QString::fromStdString(quant::methodLabel(m)), QString::fromStdString(m));
        // A method that takes no such scheme is not offered (GPTQ and a GGML format).
        if (lp && method && !method->accepts(lp->scheme->kind)) {
            auto* items = qobject_cast<QStandardItemModel*>(method_->model());
            items->item(method_->count() - 1)->setEnabled(false);
            items->item(method_->count() - 1)->setToolTip(tr("%1 takes no %2").arg(method_->itemText(method_->count() - 1),
                                                                                 QString::fromStdString(lp->scheme->name)));
        }
    }
    const std::string cur = lp && lp->method != quant::kFloatMethod ? lp->method : std::string(quant::defaultMethod().name);
    method_->setCurrentIndex(std::max(0, method_->findData(QString::fromStdString(cur))));
    reset_->setEnabled(std::any_of(layers_.begin(), layers_.end(),
                                   [&](const QString& n) { return doc_->plan().entry(n.toStdString()) != nullptr; }));
}

} // namespace qb
