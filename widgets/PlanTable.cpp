#include "widgets/PlanTable.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QFont>
#include <QHeaderView>
#include <QLocale>
#include <QMimeData>
#include <QToolTip>

#include "core/domain/scheme.h"
#include "core/quant/methods.h"
#include "widgets/ChipPalette.h"
#include "widgets/PlanDocument.h"
#include "widgets/TextFormat.h"

namespace qb {

PlanTableModel::PlanTableModel(PlanDocument* doc, QObject* parent) : QAbstractTableModel(parent), doc_(doc) {
    connect(doc_, &PlanDocument::rowsChanged, this, [this] {
        beginResetModel();
        endResetModel();
    });
    connect(doc_, &PlanDocument::planChanged, this, [this] {
        if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

int PlanTableModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : int(doc_->rows().size()); }

int PlanTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PlanTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount()) return {};
    const PlanDocument::Row& r = doc_->rows()[size_t(index.row())];
    const TensorEntry& t = *r.tensor;
    if (role == NameRole) return QString::fromStdString(t.name);
    if (role == QuantizableRole) return t.quantizable;
    if (role == Qt::ForegroundRole && !t.quantizable) return QColor(130, 130, 130);
    if (role == Qt::TextAlignmentRole && (index.column() == ColIndex || index.column() == ColBits || index.column() == ColBytes))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (index.column() == ColScheme && t.quantizable) {
        const quant::PlanEntry* e = doc_->plan().entry(t.name);
        if (role == Qt::FontRole && e) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        if (role == Qt::ToolTipRole)
            return e ? tr("Its own entry: %1").arg(QString::fromStdString(quant::planJson(quant::Plan{{}, {*e}, {}})))
                     : tr("From the plan's default (or a glob)");
    }
    if (role != Qt::DisplayRole) return {};
    const quant::LayerPlan* lp = r.plan;
    switch (index.column()) {
    case ColIndex: return r.depth >= 0 ? QVariant(r.depth) : QVariant();
    case ColName: return QString::fromStdString(t.name);
    case ColKind: return QString::fromStdString(t.kind);
    case ColShape: return shapeText(t.shape);
    case ColScheme:
        if (!t.quantizable) return tr("as stored (%1)").arg(QString::fromStdString(std::string(dtypeName(t.dtype))));
        return lp ? QString::fromStdString(lp->scheme->name) : QStringLiteral("—");
    case ColMethod:
        return lp && lp->method != quant::kFloatMethod ? QString::fromStdString(quant::methodLabel(lp->method)) : QString();
    case ColBits:
        if (lp)
            if (auto b = quant::bitsPerWeight(*lp->scheme, lp->rows, lp->cols)) return QLocale().toString(*b, 'f', 2);
        return {};
    case ColBytes:
        if (lp)
            if (auto b = quant::sizeBytes(*lp->scheme, lp->rows, lp->cols)) return countText(int64_t(*b));
        return t.quantizable ? QVariant() : QVariant(countText(int64_t(t.bytes())));
    default: return {};
    }
}

QVariant PlanTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case ColIndex: return tr("#");
    case ColName: return tr("Layer");
    case ColKind: return tr("Kind");
    case ColShape: return tr("Shape");
    case ColScheme: return tr("Scheme");
    case ColMethod: return tr("Method");
    case ColBits: return tr("Bits/weight");
    case ColBytes: return tr("Bytes");
    default: return {};
    }
}

void PlanFilterModel::setShowAll(bool all) {
    all_ = all;
    invalidateFilter();
}

bool PlanFilterModel::filterAcceptsRow(int row, const QModelIndex& parent) const {
    return all_ || sourceModel()->index(row, 0, parent).data(PlanTableModel::QuantizableRole).toBool();
}

PlanTableView::PlanTableView(PlanDocument* doc, QWidget* parent)
    : QTableView(parent), doc_(doc), model_(new PlanTableModel(doc, this)), filter_(new PlanFilterModel(this)) {
    setObjectName(QStringLiteral("planTable"));
    filter_->setSourceModel(model_);
    setModel(filter_);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(QAbstractItemView::DropOnly);
    setAlternatingRowColors(true);
    setWordWrap(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    horizontalHeader()->setStretchLastSection(true);
}

QStringList PlanTableView::selectedLayers() const {
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(), [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QStringList out;
    for (const QModelIndex& i : rows)
        if (i.data(PlanTableModel::QuantizableRole).toBool()) out << i.data(PlanTableModel::NameRole).toString();
    return out;
}

void PlanTableView::selectLayers(const QStringList& layers) {
    QItemSelection selection;
    QModelIndex first;
    for (int row = 0; row < filter_->rowCount(); ++row) {
        const QModelIndex i = filter_->index(row, 0);
        if (!layers.contains(i.data(PlanTableModel::NameRole).toString())) continue;
        selection.select(i, filter_->index(row, PlanTableModel::ColumnCount - 1));
        if (!first.isValid()) first = i;
    }
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    if (first.isValid()) {
        selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        scrollTo(first);
    }
}

QStringList PlanTableView::dropTargets(const QPoint& pos) const {
    const QModelIndex at = indexAt(pos);
    if (!at.isValid()) return {};
    if (selectionModel()->isRowSelected(at.row(), {})) return selectedLayers();
    return {at.siblingAtColumn(0).data(PlanTableModel::NameRole).toString()};
}

QString PlanTableView::dropOnLayers(const QMimeData* mime, const QStringList& layers) {
    const quant::Scheme* s = schemeFromMimeData(mime);
    if (!s) return tr("Not a scheme chip");
    const QString why = doc_->setScheme(layers, *s);
    if (why.isEmpty()) emit applied(tr("%1 on %2 layers").arg(QString::fromStdString(s->name)).arg(layers.size()));
    else emit refused(why);
    return why;
}

void PlanTableView::dragEnterEvent(QDragEnterEvent* event) {
    if (schemeFromMimeData(event->mimeData())) event->acceptProposedAction();
    else event->ignore();
}

void PlanTableView::dragMoveEvent(QDragMoveEvent* event) {
    const quant::Scheme* s = schemeFromMimeData(event->mimeData());
    const QStringList targets = dropTargets(event->position().toPoint());
    if (!s || targets.isEmpty()) {
        event->ignore();
        return;
    }
    const QString why = doc_->schemeRefusal(targets, *s);
    if (why.isEmpty()) {
        event->acceptProposedAction();
        QToolTip::hideText();
    } else {
        event->ignore();
        QToolTip::showText(viewport()->mapToGlobal(event->position().toPoint()), why, viewport());
        emit refused(why);
    }
}

void PlanTableView::dropEvent(QDropEvent* event) {
    const QStringList targets = dropTargets(event->position().toPoint());
    if (targets.isEmpty() || !schemeFromMimeData(event->mimeData())) {
        event->ignore();
        return;
    }
    const QString why = dropOnLayers(event->mimeData(), targets);
    if (why.isEmpty()) {
        event->acceptProposedAction();
    } else {
        event->ignore();
        QToolTip::showText(viewport()->mapToGlobal(event->position().toPoint()), why, viewport());
    }
}

} // namespace qb
