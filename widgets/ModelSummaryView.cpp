#include "widgets/ModelSummaryView.h"

#include <algorithm>

#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "widgets/TextFormat.h"

namespace qb {

namespace {

QString elided(const std::string& value, int maxChars) {
    // Decode a bounded prefix only; a UTF-8 character is at most 4 bytes.
    const size_t prefix = std::min(value.size(), size_t(maxChars) * 4 + 4);
    const QString text = QString::fromUtf8(value.data(), qsizetype(prefix));
    if (prefix == value.size() && text.size() <= maxChars) {
        return text;
    }
    return text.left(maxChars) + QChar(0x2026);
}

QLabel* valueLabel(QWidget* parent) {
    auto* label = new QLabel(parent);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setWordWrap(true);
    return label;
}

} // namespace

ModelSummaryView::ModelSummaryView(QWidget* parent)
    : QWidget(parent),
      format_(valueLabel(this)),
      architecture_(valueLabel(this)),
      path_(valueLabel(this)),
      counts_(valueLabel(this)),
      properties_(new QTreeWidget(this)) {
    properties_->setObjectName(QStringLiteral("propertyList"));
    properties_->setColumnCount(2);
    properties_->setHeaderLabels({tr("Property"), tr("Value")});
    properties_->setRootIsDecorated(false);
    properties_->setUniformRowHeights(true);
    properties_->setAlternatingRowColors(true);
    properties_->setTextElideMode(Qt::ElideRight);
    properties_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);

    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), format_);
    form->addRow(tr("Architecture:"), architecture_);
    form->addRow(tr("Path:"), path_);
    form->addRow(tr("Contents:"), counts_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(form);
    layout->addWidget(properties_, 1);
    clear();
}

void ModelSummaryView::setModel(const Model& model) {
    format_->setText(QString::fromStdString(model.format));
    architecture_->setText(QString::fromStdString(model.architecture));
    path_->setText(QString::fromStdString(model.path));
    tensors_ = int64_t(model.tensors.size());
    params_ = model.totalParams();
    nodes_ = int64_t(model.nodes.size());
    showCounts();
    properties_->clear();
    QList<QTreeWidgetItem*> items;
    for (const auto& [key, value] : model.properties) {
        auto* item = new QTreeWidgetItem({QString::fromStdString(key), elided(value, kMaxValueChars)});
        // Rich text so the tooltip wraps instead of running off the screen.
        item->setToolTip(1, QStringLiteral("<p>%1</p>").arg(elided(value, 5 * kMaxValueChars).toHtmlEscaped()));
        items << item;
    }
    properties_->addTopLevelItems(items);
}

void ModelSummaryView::showCounts() {
    if (tensors_ < 0) return;
    counts_->setText(tr("%1 tensors, %2 parameters, %3 graph nodes")
                         .arg(countText(tensors_), countText(params_), countText(nodes_)));
}

void ModelSummaryView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) showCounts();
    QWidget::changeEvent(event);
}

void ModelSummaryView::clear() {
    tensors_ = -1;
    const QString none = tr("no model open");
    format_->setText(none);
    architecture_->clear();
    path_->clear();
    counts_->clear();
    properties_->clear();
}

int ModelSummaryView::propertyCount() const { return properties_->topLevelItemCount(); }

} // namespace qb
