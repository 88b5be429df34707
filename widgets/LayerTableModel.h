// Table model over a model's tensors: formatted text for display, raw values for sorting.
#pragma once
#include <QAbstractTableModel>
#include <QColor>
#include <map>
#include <memory>
#include <string>

#include "core/model/model.h"

namespace qb {

/// One row per TensorEntry of a qb::Model; SortRole holds numbers so sorting is numeric.
class LayerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColName, ColKind, ColShape, ColDType, ColParams, ColBytes, ColQuantizable, ColScheme, ColQuantBytes, ColumnCount };
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit LayerTableModel(QObject* parent = nullptr);

    /// Shows `model` (null clears); the table keeps it alive while it shows it.
    void setModel(std::shared_ptr<const Model> model);
    const Model* model() const { return model_.get(); }
    /// What a quantization made of one tensor, for the Scheme and Quantized columns.
    struct LayerScheme {
        QString scheme;  ///< "int4_g32_sym", "q4_0"
        QString method;  ///< "rtn", "gptq", ...
        int actBits = 0; ///< 8: the input runs quantized too
        qulonglong bytes = 0;
    };
    /// Shows the quantization of the tensors named in `schemes` (empty: none); the model stays.
    void setSchemes(std::map<std::string, LayerScheme> schemes);
    const std::map<std::string, LayerScheme>& schemes() const { return schemes_; }
    /// Tints the rows of the tensors in `shades` (0..1: light to strong) by their sensitivity;
    /// empty: no tint. The model stays.
    void setShades(std::map<std::string, double> shades);
    /// The tint of tensor `name`'s row, or an invalid colour.
    QColor shade(const std::string& name) const;

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
    std::map<std::string, LayerScheme> schemes_;
    std::map<std::string, double> shades_;
};

} // namespace qb
