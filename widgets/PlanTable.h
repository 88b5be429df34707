// The plan editor's layer list: every tensor in execution order with the scheme the plan gives
// it, its bits per weight and bytes; chips dropped on a row or a selection set per-layer entries.
#pragma once
#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QTableView>

namespace qb {

class PlanDocument;

class PlanTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { ColIndex, ColName, ColKind, ColShape, ColScheme, ColMethod, ColBits, ColBytes, ColumnCount };
    /// The tensor's name, whatever the column.
    static constexpr int NameRole = Qt::UserRole + 1;
    /// True for quantizable rows. A layer with an entry of its own shows its scheme in bold.
    static constexpr int QuantizableRole = Qt::UserRole + 2;

    explicit PlanTableModel(PlanDocument* doc, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    PlanDocument* doc_;
};

/// Hides the tensors no plan touches (biases, norms) unless asked to show them.
class PlanFilterModel : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setShowAll(bool all);
    bool showAll() const { return all_; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    bool all_ = false;
};

class PlanTableView : public QTableView {
    Q_OBJECT
public:
    explicit PlanTableView(PlanDocument* doc, QWidget* parent = nullptr);

    /// Names of the selected quantizable rows, top to bottom.
    QStringList selectedLayers() const;
    /// Selects the rows of `layers` (those shown), the first becoming current.
    void selectLayers(const QStringList& layers);
    /// The layers a drop at viewport point `pos` lands on: the selection when the row under it is
    /// selected, else that row alone; empty when there is no row.
    QStringList dropTargets(const QPoint& pos) const;
    /// Drops `mime` on `layers`; returns why it was refused, or empty.
    QString dropOnLayers(const QMimeData* mime, const QStringList& layers);
    PlanFilterModel* filterModel() const { return filter_; }
    PlanTableModel* tableModel() const { return model_; }

signals:
    /// A drop or a drag over rows was refused, with the reason.
    void refused(const QString& reason);
    /// A drop set a scheme: a short note for the status bar.
    void applied(const QString& note);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    PlanDocument* doc_;
    PlanTableModel* model_;
    PlanFilterModel* filter_;
};

} // namespace qb
