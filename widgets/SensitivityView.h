// The Sensitivity panel: how much the model's outputs move (KL from fp32) when one layer alone is
// quantized, per layer along the network and per candidate scheme; a sortable layer list with the
// proxies beside it, and how well each proxy ranks the layers as KL does.
#pragma once
#include <QStringList>
#include <QTimer>
#include <QWidget>
#include <memory>

#include "core/domain/project.h"
#include "core/model/model.h"

class QCustomPlot;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QLabel;
class QSortFilterProxyModel;
class QStackedWidget;
class QStandardItemModel;
class QTableView;

namespace qb {

/// The chart puts layers in execution order (the project's calibration order; layers it lacks
/// follow in table order) on x and draws one series per scheme with KL on a log scale. Clicking a
/// layer in the chart or the list emits layerClicked. Changes are drawn together once control
/// returns to the event loop.
class SensitivityView : public QWidget {
    Q_OBJECT
public:
    enum Column { ColLayer, ColKind, ColWorstScheme, ColWorstKl, ColReferenceKl, ColSqnr, ColOutputError,
                  ColHessianTrace, ColImatrix, ColumnCount };
    /// The list's numeric sort key (the display role holds formatted text).
    static constexpr int SortRole = Qt::UserRole + 1;

    explicit SensitivityView(QWidget* parent = nullptr);

    /// Shows the sensitivity table of `project` (null, or none measured: a hint), the kinds of
    /// `model`'s tensors in the list. Both are held, never copied.
    void setProject(std::shared_ptr<const Project> project, std::shared_ptr<const Model> model);
    /// Highlights layer `name` in the chart and the list (nothing if it was not measured).
    void setSelectedLayer(const QString& name);
    QString selectedLayer() const { return selected_; }
    /// Draws a pending change now instead of on the next event loop turn.
    void flush();
    /// How many times the chart and list were rebuilt: one per batch of changes.
    int rebuildCount() const { return rebuilds_; }

    /// The chart's x order and its series (one graph per scheme, in this order; a point per layer,
    /// NaN where the scheme was not measured).
    const QStringList& layers() const { return layers_; }
    const QStringList& schemes() const { return schemes_; }
    /// What the list's "KL" and proxy columns and the Layers table's tint refer to: "int4" (each
    /// layer's 4-bit integer scheme) or a scheme's name (SensitivityRanks.h).
    const QString& referenceScheme() const { return reference_; }
    /// The log axis cannot show 0: a KL below this is drawn at it (a tenth of the smallest positive
    /// KL, at least a billionth of the largest); a dashed line marks it.
    double klFloor() const { return floor_; }

    /// The chart's tooltip for x position `column`: the layer and each scheme's KL and SQNR; empty off the layers.
    QString layerSummary(int column) const;

    QCustomPlot* plot() const { return plot_; }
    QTableView* table() const { return table_; }
    QSortFilterProxyModel* listModel() const { return proxy_; }
    QLabel* correlationLabel() const { return correlation_; }

    QSize sizeHint() const override { return {900, 360}; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

signals:
    /// The user clicked layer `name` in the chart or the list.
    void layerClicked(const QString& name);

private:
    void schedule();
    void rebuild();
    void rebuildChart();
    void rebuildList();
    void updateCorrelation();
    void updateHighlight();
    void updateTicks();
    void onPlotClicked(QMouseEvent* event);

    std::shared_ptr<const Project> project_;
    std::shared_ptr<const Model> model_;
    QStringList layers_, schemes_;
    QString reference_, selected_;
    double floor_ = 1e-12;
    int rebuilds_ = 0;
    bool updatingList_ = false;
    QTimer redraw_;

    QStackedWidget* stack_;
    QLabel* hint_;
    QCustomPlot* plot_;
    QCPItemRect* highlight_ = nullptr;
    QCPItemStraightLine* floorLine_ = nullptr;
    QCPItemText* floorLabel_ = nullptr;
    QStandardItemModel* items_;
    QSortFilterProxyModel* proxy_;
    QTableView* table_;
    QLabel* correlation_;
};

} // namespace qb
