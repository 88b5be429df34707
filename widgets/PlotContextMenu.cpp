#include "widgets/PlotContextMenu.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QSvgGenerator>
#include <qcustomplot.h>

namespace qb {

void PlotContextMenu::install() {
    static PlotContextMenu* filter = nullptr;
    if (filter == nullptr) {
        filter = new PlotContextMenu(qApp);
        qApp->installEventFilter(filter);
    }
}

bool PlotContextMenu::eventFilter(QObject* watched, QEvent* event) {
    if (event->type() != QEvent::ContextMenu) return false;
    auto* plot = qobject_cast<QCustomPlot*>(watched);
    // A plot with a menu of its own keeps it.
    if (plot == nullptr || plot->contextMenuPolicy() != Qt::DefaultContextMenu) return false;
    QMenu* menu = menuFor(plot, plot);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->popup(static_cast<QContextMenuEvent*>(event)->globalPos());
    return true;
}

QMenu* PlotContextMenu::menuFor(QCustomPlot* plot, QWidget* parent) {
    auto* menu = new QMenu(parent);
    menu->setObjectName(QStringLiteral("plotContextMenu"));
    const struct {
        const char* text;
        const char* filter;
        QString suffix;
    } formats[] = {
        {QT_TR_NOOP("Save as &PNG…"), QT_TR_NOOP("PNG images (*.png)"), QStringLiteral("png")},
        {QT_TR_NOOP("Save as &SVG…"), QT_TR_NOOP("SVG drawings (*.svg)"), QStringLiteral("svg")},
        {QT_TR_NOOP("Save as P&DF…"), QT_TR_NOOP("PDF documents (*.pdf)"), QStringLiteral("pdf")},
    };
    for (const auto& f : formats) {
        menu->addAction(tr(f.text), plot, [plot, filter = tr(f.filter), suffix = f.suffix] {
            QString path = QFileDialog::getSaveFileName(plot, tr("Save Plot"), QString(), filter);
            if (path.isEmpty()) return;
            if (QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
            const QString problem = savePlot(plot, path);
            if (!problem.isEmpty()) QMessageBox::warning(plot, tr("Save Plot"), problem);
        });
    }
    menu->addSeparator();
    menu->addAction(tr("&Copy"), plot, [plot] { copyPlot(plot); });
    return menu;
}

QString savePlot(QCustomPlot* plot, const QString& path) {
    const QString suffix = QFileInfo(path).suffix().toLower();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        return PlotContextMenu::tr("Cannot write %1: %2").arg(path, file.errorString());
    }
    bool written = false;
    if (suffix == QLatin1String("svg")) {
        // The generator writes the document's end when it goes, so it must go before the commit.
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(plot->size());
        svg.setViewBox(plot->rect());
        svg.setTitle(plot->windowTitle());
        QCPPainter painter;
        written = painter.begin(&svg);
        if (written) {
            plot->toPainter(&painter, plot->width(), plot->height());
            written = painter.end();
        }
    } else if (suffix == QLatin1String("pdf")) {
        // QCustomPlot writes PDFs by file name only: write beside, then copy into the QSaveFile.
        const QString temp = path + QStringLiteral(".part.pdf");
        written = plot->savePdf(temp);
        QFile part(temp);
        written = written && part.open(QIODevice::ReadOnly) && file.write(part.readAll()) == part.size();
        part.remove();
    } else if (suffix == QLatin1String("png")) {
        written = plot->toPixmap(0, 0, 2.0).save(&file, "PNG");
    } else {
        file.cancelWriting();
        return PlotContextMenu::tr("%1: a plot is saved as .png, .svg or .pdf").arg(path);
    }
    if (!written || !file.commit()) {
        file.cancelWriting();
        return PlotContextMenu::tr("Cannot write %1").arg(path);
    }
    return {};
}

void copyPlot(QCustomPlot* plot) {
    QApplication::clipboard()->setImage(plot->toPixmap().toImage());
}

} // namespace qb
