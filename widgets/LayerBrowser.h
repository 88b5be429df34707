// The Layers panel: a filter box, the sortable tensor table and a totals line.
#pragma once
#include <QWidget>
#include <memory>

#include "core/formats/project_file.h"
#include "core/model/model.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace qb {

class LayerTableModel;

/// Lists a model's tensors; filters by name (substring or regular expression) and sorts numerically.
class LayerBrowser : public QWidget {
    Q_OBJECT
public:
    explicit LayerBrowser(QWidget* parent = nullptr);

    /// Shows `model` (null clears) and drops the current selection.
    void setModel(std::shared_ptr<const Model> model);
    /// Filters rows by name; a substring unless `regexp` is set. Returns false for a bad pattern.
    bool setFilter(const QString& text, bool regexp = false);
    /// Selects the row of the tensor called `name`; false if it is not shown.
    bool selectTensor(const QString& name);
    /// Shows what `q` made of each layer in the Scheme and Quantized bytes columns and the
    /// quantized size in the totals; null hides them.
    void setQuantization(const ProjectQuantization* q);
    /// Tints each layer's row by the rank of its KL at the table's reference scheme (int4 where
    /// measured; SensitivityRanks.h); null removes the tint.
    void setSensitivity(const ProjectSensitivity* sensitivity);
    /// Name of the selected tensor, empty if none.
    QString selectedTensor() const;

    QTableView* tableView() const { return view_; }
    QSortFilterProxyModel* proxyModel() const { return proxy_; }
    LayerTableModel* tableModel() const { return model_; }
    /// The totals line as shown (tensors, parameters, bytes, quantizable parameters).
    QString totalsText() const;

signals:
    /// The current row changed to the tensor `name` (empty when the selection is cleared).
    void tensorSelected(const QString& name);

protected:
    /// The totals line is built with numbers: built again in a new language.
    void changeEvent(QEvent* event) override;

private:
    void applyFilter();
    void updateTotals();
    void onCurrentRowChanged(const QModelIndex& current);

    LayerTableModel* model_;
    QSortFilterProxyModel* proxy_;
    QLineEdit* filter_;
    QCheckBox* regexp_;
    QTableView* view_;
    QLabel* totals_;
    QString filterError_;
};

} // namespace qb
