// The language switched live (File > Settings): switchLanguage() sets again every text that is a
// source string; here the window redoes what it builds from arguments or state.
#include <QEvent>
#include <QStatusBar>

#include "app/gui/MainWindow.h"

namespace qb {

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
    // The idle hint, until something else is shown.
    if (!model()) statusBar()->showMessage(tr("Open a model with File > Open or drop it on the window"));
}

} // namespace qb
