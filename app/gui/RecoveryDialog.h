// "Recover unsaved work": the autosaves of windows that crashed or were killed, each with the
// file it stands for, when it was written and what had changed; Recover, Discard or Later.
#pragma once
#include <QDialog>
#include <QList>

#include "app/gui/Autosave.h"

class QPushButton;
class QTreeWidget;

namespace qb {

class RecoveryDialog : public QDialog {
    Q_OBJECT
public:
    RecoveryDialog(QList<AutosaveRecord> records, QWidget* parent = nullptr);

    QTreeWidget* list() const { return list_; }
    QPushButton* recoverButton() const { return recover_; }
    QPushButton* discardButton() const { return discard_; }
    QPushButton* laterButton() const { return later_; }
    /// The records still listed.
    const QList<AutosaveRecord>& records() const { return records_; }

signals:
    /// Recover was pressed on `record`; the dialog closes.
    void recoverRequested(const AutosaveRecord& record);

private:
    int selected() const;
    void discardSelected();

    QList<AutosaveRecord> records_;
    QTreeWidget* list_;
    QPushButton* recover_;
    QPushButton* discard_;
    QPushButton* later_;
};

} // namespace qb
