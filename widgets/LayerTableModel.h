// Table model over a model's tensors: formatted text for display, raw values for sorting.
#pragma once
#include <QAbstractTableModel>
#include <memory>

#include "core/model/model.h"

namespace qb {

/// One row per TensorEntry of a qb::Model; SortRole holds numbers so sorting is numeric.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColName, ColKind, ColShape, ColDType, ColParams, ColBytes, ColQuantizable, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit LayerTableModel(QObject* parent = nullptr);

    /// Shows `model` (null clears); the table keeps it alive while it shows it.
    void setModel(std::shared_ptr<const Model> model);
    const Model* model() const { return model_.get(); }
    /// The tensor of a source row, or null when out of range.
    const TensorEntry* tensorAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const TensorEntry& t, int column) const;
    QVariant sortKey(const TensorEntry& t, int column) const;

    std::shared_ptr<const Model> model_;
};

} // namespace qb
