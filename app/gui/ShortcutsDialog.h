// Help > Keyboard Shortcuts: every menu action that has a shortcut, read from the menu bar when
// the dialog opens, so the list cannot fall behind the menus.
#pragma once
#include <QDialog>

class QMenuBar;
class QTreeWidget;

namespace qb {

class ShortcutsDialog : public QDialog {
    Q_OBJECT
public:
    ShortcutsDialog(const QMenuBar* menus, QWidget* parent = nullptr);

    /// Menu, action (without the & marks) and shortcut in the platform's notation, one per row.
    QTreeWidget* table() const { return table_; }

private:
    QTreeWidget* table_;
};

} // namespace qb
