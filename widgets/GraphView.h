// The op graph of an ONNX or Keras model (pipeline::ModelGraph) drawn top to bottom by depth: a box
// per node coloured by its output SQNR against fp32 (green high, red low, grey exact or not
// measured), labelled with its op, precision and SQNR; int8 nodes drawn with a heavy frame.
// Drag pans, the wheel and +/- zoom, 0 fits; a click on a node selects it and names its layer.
#pragma once
#include <QColor>
#include <QGraphicsView>
#include <vector>

#include "core/pipeline/model_graph.h"

class QToolButton;

namespace qb {

class GraphNodeItem;

class GraphView : public QGraphicsView {
    Q_OBJECT
public:
    explicit GraphView(QWidget* parent = nullptr);

    /// Draws `graph` (replacing what was shown) and fits it to the view.
    void setGraph(pipeline::ModelGraph graph);
    const pipeline::ModelGraph& graph() const { return graph_; }

    /// Nodes drawn (ONNX Constant nodes are not).
    int nodeCount() const { return drawn_; }
    /// Node `index` (as ModelGraph::nodes) in scene coordinates.
    QRectF nodeRect(int index) const;
    /// Selects the node reading weight `layer` (or named `layer`), scrolling to it when out of
    /// sight; false if none (the selection is then left as it was).
    bool selectLayer(const QString& layer);
    int selectedNode() const { return selected_; }

    /// The fill for an output SQNR: red at 0 dB or below, through yellow, to green at 40 dB and
    /// above; grey for exact (+inf) or unmeasured (NaN).
    static QColor sqnrColour(double db);

    /// Zooms about the middle of the view (the wheel zooms about the pointer).
    void zoomBy(double factor);
    /// The whole graph; a long one stretched across so that each node stays visible.
    void fitAll();
    QSize sizeHint() const override;

signals:
    /// A node was clicked (index into ModelGraph::nodes).
    void nodeClicked(int index);
    /// A node reading a quantizable weight was clicked: the layer's (weight's) name.
    void layerClicked(const QString& name);

protected:
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void drawForeground(QPainter* painter, const QRectF& rect) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void select(int index);
    void zoomAbout(double factor);
    QString tooltip(int index) const;

    pipeline::ModelGraph graph_;
    std::vector<GraphNodeItem*> items_; ///< per node; null where not drawn
    int drawn_ = 0;
    int selected_ = -1;
    QPoint pressedAt_;
    QWidget* buttons_ = nullptr;
};

} // namespace qb
