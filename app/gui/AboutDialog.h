// Help > About QuantBench: what the program is, and the versions of the libraries it runs on,
// read at run time, with a button that copies them for a bug report.
#pragma once
#include <QDialog>

class QTreeWidget;

namespace qb {

class AboutDialog : public QDialog {
    Q_OBJECT
public:
    explicit AboutDialog(QWidget* parent = nullptr);

    /// The version table as plain text, one library per line ("Qt 6.4.2 (qVersion(); ...)").
    QString versionsText() const;
    QTreeWidget* versionTable() const { return table_; }

private:
    QTreeWidget* table_;
};

} // namespace qb
