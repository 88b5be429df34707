#include "widgets/LayerTableModel.h"

#include "widgets/TextFormat.h"

namespace qb {

LayerTableModel::LayerTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void LayerTableModel::setModel(std::shared_ptr<const Model> model) {
    beginResetModel();
    model_ = std::move(model);
    endResetModel();
}

void LayerTableModel::setSchemes(std::map<std::string, LayerScheme> schemes) {
    schemes_ = std::move(schemes);
    if (rowCount() > 0) emit dataChanged(index(0, ColScheme), index(rowCount() - 1, ColQuantBytes));
}

void LayerTableModel::setShades(std::map<std::string, double> shades) {
    shades_ = std::move(shades);
    if (rowCount() > 0) emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1), {Qt::BackgroundRole});
}

QColor LayerTableModel::shade(const std::string& name) const {
    const auto it = shades_.find(name);
    if (it == shades_.end()) return {};
    // A warm tint over the row's own background: faint for the least sensitive, strong for the most.
    return QColor(230, 90, 30, 20 + int(150 * it->second));
}

const TensorEntry* LayerTableModel::tensorAt(int row) const {
    if (!model_ || row < 0 || size_t(row) >= model_->tensors.size()) {
        return nullptr;
    }
    return &model_->tensors[size_t(row)];
}

int LayerTableModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !model_) {
        return 0;
    }
    return int(model_->tensors.size());
}

int LayerTableModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LayerTableModel::data(const QModelIndex& index, int role) const {
    const TensorEntry* t = tensorAt(index.row());
    if (!t) {
        return {};
    }
    const bool numeric = index.column() == ColParams || index.column() == ColBytes || index.column() == ColQuantBytes;
    switch (role) {
    case Qt::DisplayRole:
        return display(*t, index.column());
    case SortRole:
        return sortKey(*t, index.column());
    case Qt::BackgroundRole: {
        const QColor c = shade(t->name);
        return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::TextAlignmentRole:
        return numeric ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == ColName) {
            return QString::fromStdString(t->name);
        }
        if (index.column() == ColShape) {
            return tr("Output channels along axis %1").arg(t->channelAxis);
        }
        return {};
    default:
        return {};
    }
}

QVariant LayerTableModel::display(const TensorEntry& t, int column) const {
    switch (column) {
    case ColName: return QString::fromStdString(t.name);
    case ColKind: return QString::fromStdString(t.kind);
    case ColShape: return shapeText(t.shape);
    case ColDType: return QString::fromLatin1(dtypeName(t.dtype).data(), qsizetype(dtypeName(t.dtype).size()));
    case ColParams: return countText(t.params());
    case ColBytes: return countText(int64_t(t.bytes()));
    case ColQuantizable: return t.quantizable ? tr("yes") : QString();
    case ColScheme:
    case ColQuantBytes: {
        const auto it = schemes_.find(t.name);
        if (it == schemes_.end()) return column == ColScheme && t.quantizable && !schemes_.empty() ? tr("f32 (kept)") : QString();
        const LayerScheme& q = it->second;
        if (column == ColQuantBytes) return countText(int64_t(q.bytes));
        return q.actBits > 0 ? tr("%1 · %2 · A%3").arg(q.scheme, q.method.toUpper()).arg(q.actBits)
                             : tr("%1 · %2").arg(q.scheme, q.method.toUpper());
    }
    default: return {};
    }
}

QVariant LayerTableModel::sortKey(const TensorEntry& t, int column) const {
    switch (column) {
    case ColShape: {
        // Rank first, then the dimensions in order; zero padding makes text order numeric.
        QString key = QString::number(t.shape.size()).rightJustified(3, QLatin1Char('0'));
        for (int64_t d : t.shape) {
            key += QString::number(d).rightJustified(19, QLatin1Char('0'));
        }
        return key;
    }
    case ColParams: return qlonglong(t.params());
    case ColBytes: return qulonglong(t.bytes());
    case ColQuantizable: return t.quantizable ? 1 : 0;
    case ColQuantBytes: {
        const auto it = schemes_.find(t.name);
        return it == schemes_.end() ? qulonglong(0) : it->second.bytes;
    }
    default: return display(t, column);
    }
}

QVariant LayerTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case ColName: return tr("Name");
    case ColKind: return tr("Kind");
    case ColShape: return tr("Shape");
    case ColDType: return tr("Type");
    case ColParams: return tr("Parameters");
    case ColBytes: return tr("Bytes");
    case ColQuantizable: return tr("Quantizable");
    case ColScheme: return tr("Scheme");
    case ColQuantBytes: return tr("Quantized bytes");
    default: return {};
    }
}

} // namespace qb
