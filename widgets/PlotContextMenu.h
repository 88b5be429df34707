// Right-click on any plot (every QCustomPlot in the application, dialogs included): save it as
// PNG, SVG or PDF, or copy it to the clipboard. One application-wide event filter, so a plot
// added anywhere gets the menu without code of its own.
#pragma once
#include <QObject>
#include <QString>

class QCustomPlot;
class QMenu;

namespace qb {

class PlotContextMenu : public QObject {
    Q_OBJECT
public:
    /// Installs the filter on the application once; later calls do nothing.
    static void install();

    /// The menu for `plot` (the caller owns it): Save as PNG/SVG/PDF…, Copy.
    static QMenu* menuFor(QCustomPlot* plot, QWidget* parent);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using QObject::QObject;
};

/// Writes `plot` to `path` as PNG (twice the screen resolution), SVG or PDF by the suffix,
/// through a temporary file beside it. Returns an empty string or what went wrong.
QString savePlot(QCustomPlot* plot, const QString& path);

/// Puts `plot` on the clipboard as an image.
void copyPlot(QCustomPlot* plot);

} // namespace qb
