#include "app/gui/ShortcutsDialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenu>
#include <QMenuBar>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qb {

namespace {

QString plain(QString text) {
    text.remove(QRegularExpression(QStringLiteral("\\(&\\w\\)"))); // Chinese style: 文件(&F)
    return text.remove(QLatin1Char('&'));
}

void addRows(QTreeWidget* table, const QString& menuTitle, const QMenu* menu) {
    for (QAction* action : menu->actions()) {
        if (action->menu()) {
            addRows(table, menuTitle + QStringLiteral(" > ") + plain(action->menu()->title()), action->menu());
        } else if (!action->shortcut().isEmpty()) {
            new QTreeWidgetItem(table, {menuTitle, plain(action->text()), action->shortcut().toString(QKeySequence::NativeText)});
        }
    }
}

} // namespace

ShortcutsDialog::ShortcutsDialog(const QMenuBar* menus, QWidget* parent) : QDialog(parent), table_(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("shortcutsDialog"));
    setWindowTitle(tr("Keyboard Shortcuts"));
    table_->setObjectName(QStringLiteral("shortcutsTable"));
    table_->setHeaderLabels({tr("Menu"), tr("Action"), tr("Shortcut")});
    table_->setRootIsDecorated(false);
    for (QAction* top : menus->actions()) {
        if (top->menu()) addRows(table_, plain(top->menu()->title()), top->menu());
    }
    table_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(table_);
    layout->addWidget(buttons);
    resize(520, 440);
}

} // namespace qb
