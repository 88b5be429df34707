// The plan editor's bits-along-depth chart: one bar per quantizable layer in execution order, its
// height the bits per weight the plan gives it. Dragging a bar up or down snaps to a width.
#pragma once
#include <QStringList>
#include <map>
#include <qcustomplot.h>

namespace qb {

class PlanDocument;

class BitsChart : public QCustomPlot {
    Q_OBJECT
public:
    /// The widths a dragged bar snaps to; 16 is fp16.
    static constexpr int kLevels[] = {2, 3, 4, 5, 6, 8, 16};
    /// Slots on the x axis at least, so that a model of three layers has no bars a third wide.
    static constexpr int kMinSlots = 12;

    explicit BitsChart(PlanDocument* doc, QWidget* parent = nullptr);

    /// Outlines the bars of `layers`.
    void setSelectedLayers(const QStringList& layers);
    /// The layers drawn, left to right.
    const QStringList& layers() const { return layers_; }
    /// The pixel at the top centre of a layer's bar, and the pixel height of a width.
    QPoint barTop(int index) const;
    int levelY(double bits) const;
    /// The snap level nearest to widget y (the log scale's distance).
    int levelAt(int y) const;

signals:
    /// A bar was dragged to `bits` (one of kLevels).
    void bitsDragged(const QString& layer, int bits);
    void layerClicked(const QString& layer, Qt::KeyboardModifiers modifiers);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    void rebuild();
    int barAt(const QPoint& p) const;

    PlanDocument* doc_;
    QStringList layers_;
    QStringList selected_;
    /// One series per chip colour ("INT4", "GGML", "float"), made when first needed.
    QCPBars* series(const QString& label, const QColor& color);
    std::map<QString, QCPBars*> series_;
    QCPBars* outline_;
    QCPItemLine* preview_;
    QCPItemText* previewText_;
    int dragging_ = -1;
    int dragLevel_ = 0;
};

} // namespace qb
