// File > Export…: the format, the destination, and the pre-export check, which lists per layer
// what the format cannot hold as planned (and what the export does instead) before anything is
// written. Problems that refuse the export keep the Export button disabled.
#pragma once
#include <QDialog>
#include <QStringList>
#include <memory>

#include "core/domain/project.h"
#include "core/exporters/export_report.h"
#include "core/model/model.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableWidget;

namespace qb {

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    ExportDialog(std::shared_ptr<const Model> model, std::shared_ptr<const Project> project, const QString& initialPath,
                 QWidget* parent = nullptr);

    exporters::ExportFormat format() const;
    QString destination() const;
    QComboBox* formatBox() const { return format_; }
    QLineEdit* destinationEdit() const { return destination_; }
    /// One row per refused layer (in red) and per fallback: layer, planned, written, reason.
    QTableWidget* checkTable() const { return table_; }
    /// The check's problems (or why it could not run), empty when the export may go ahead.
    QString problems() const;

    void accept() override;

private:
    void runCheck();
    void chooseDestination();

    std::shared_ptr<const Model> model_;
    std::shared_ptr<const Project> project_;
    QComboBox* format_;
    QLineEdit* destination_;
    QTableWidget* table_;
    QLabel* summary_;
    QStringList problems_;
    QPushButton* exportButton_ = nullptr;
};

} // namespace qb
