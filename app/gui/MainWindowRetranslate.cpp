// The language switched live (File > Settings): switchLanguage() sets again every text that is a
// source string; here the window redoes what it builds from arguments or state.
#include <QAction>
#include <QEvent>
#include <QStatusBar>
#include <QUndoStack>

#include "app/gui/MainWindow.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"

namespace qb {

void MainWindow::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi() {
    // The idle hint, until something else is shown.
    if (!model()) statusBar()->showMessage(tr("Open a model with File > Open or drop it on the window"));
    // QUndoStack keeps the prefix it was given ("&Undo") for every later command text: the undo
    // and redo actions follow the stack again with the prefix in the new language.
    QUndoStack* stack = planEditor_->document()->undoStack();
    const auto follow = [this, stack](QAction* action, const QString& prefix, auto textChanged, const QString& now) {
        disconnect(stack, textChanged, action, nullptr);
        const auto setText = [action, prefix](const QString& text) {
            action->setText(text.isEmpty() ? prefix : prefix + QLatin1Char(' ') + text);
        };
        connect(stack, textChanged, action, setText);
        setText(now);
    };
    follow(undoAction_, tr("&Undo"), &QUndoStack::undoTextChanged, stack->undoText());
    follow(redoAction_, tr("&Redo"), &QUndoStack::redoTextChanged, stack->redoText());
}

} // namespace qb
