#include "app/gui/RecoveryDialog.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace qb {

RecoveryDialog::RecoveryDialog(QList<AutosaveRecord> records, QWidget* parent)
    : QDialog(parent), records_(std::move(records)), list_(new QTreeWidget(this)) {
    setObjectName(QStringLiteral("recoveryDialog"));
    setWindowTitle(tr("Recover Unsaved Work"));
    auto* intro = new QLabel(tr("QuantBench did not close normally. These projects had changes that were "
                                "autosaved but not saved:"),
                             this);
    intro->setWordWrap(true);

    list_->setObjectName(QStringLiteral("recoveryList"));
    list_->setRootIsDecorated(false);
    list_->setHeaderLabels({tr("Project"), tr("Autosaved"), tr("Changes")});
    for (const AutosaveRecord& r : records_) {
        const QString name = r.source.isEmpty()
                                 ? tr("%1 (never saved)").arg(QFileInfo(r.modelPath).fileName())
                                 : QFileInfo(r.source).fileName();
        auto* item = new QTreeWidgetItem(list_, {name, QLocale().toString(r.time.toLocalTime(), QLocale::ShortFormat),
                                                 r.changesText()});
        item->setToolTip(0, r.source.isEmpty() ? r.modelPath : r.source);
    }
    list_->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list_->header()->setStretchLastSection(false);
    list_->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    list_->setCurrentItem(list_->topLevelItem(0));

    auto* buttons = new QDialogButtonBox(this);
    recover_ = buttons->addButton(tr("&Recover"), QDialogButtonBox::AcceptRole);
    recover_->setObjectName(QStringLiteral("recoverButton"));
    recover_->setToolTip(tr("Open the autosave as an unsaved project; Save writes the original file"));
    discard_ = buttons->addButton(tr("&Discard"), QDialogButtonBox::DestructiveRole);
    discard_->setObjectName(QStringLiteral("discardButton"));
    discard_->setToolTip(tr("Delete the autosave"));
    later_ = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
    later_->setObjectName(QStringLiteral("laterButton"));
    later_->setToolTip(tr("Keep the autosaves; File > Recover Unsaved Work offers them again"));
    recover_->setDefault(true);
    connect(recover_, &QPushButton::clicked, this, [this] {
        const int row = selected();
        if (row < 0) return;
        const AutosaveRecord record = records_.takeAt(row);
        accept();
        emit recoverRequested(record);
    });
    connect(discard_, &QPushButton::clicked, this, &RecoveryDialog::discardSelected);
    connect(later_, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(list_, 1);
    layout->addWidget(buttons);
    resize(640, 280);
}

int RecoveryDialog::selected() const {
    return list_->currentItem() ? list_->indexOfTopLevelItem(list_->currentItem()) : -1;
}

void RecoveryDialog::discardSelected() {
    const int row = selected();
    if (row < 0) return;
    discardAutosave(records_.takeAt(row));
    delete list_->takeTopLevelItem(row);
    if (records_.isEmpty()) accept();
}

} // namespace qb
