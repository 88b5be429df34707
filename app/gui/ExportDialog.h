// File > Export…: the format, the destination, and the pre-export check, which lists per layer
// what the format cannot hold as planned (and what the export does instead) and the size of the
// file before anything is written. The check runs as a Workspace job (it parses ONNX graphs, loads
// tokenizers, builds the file's layout), so the window stays responsive; Export is enabled once it
// finds no problem.
#pragma once
#include <QDialog>
#include <QStringList>
#include <QThread>
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

class Workspace;

class ExportDialog : public QDialog {
    Q_OBJECT
public:
    /// Exports `workspace`'s model and project as they are now; the checks run on its pool.
    ExportDialog(Workspace* workspace, const QString& initialPath, QWidget* parent = nullptr);

    exporters::ExportFormat format() const;
    QString destination() const;
    QComboBox* formatBox() const { return format_; }
    QLineEdit* destinationEdit() const { return destination_; }
    /// One row per refused layer (in red) and per fallback: layer, planned, written, reason.
    QTableWidget* checkTable() const { return table_; }
    /// The check's problems (or why it could not run), empty when the export may go ahead.
    QString problems() const;
    /// True while the check of the chosen format runs.
    bool isChecking() const { return checking_; }
    /// The size the last check predicted for the file (0 when it refused or has not finished).
    quint64 predictedBytes() const { return predictedBytes_; }
    /// The thread the last check ran on (null before the first one finished).
    Qt::HANDLE checkThread() const { return checkThread_; }

    void accept() override;

signals:
    /// A check finished (with or without problems) and its outcome is shown.
    void checkFinished();

private:
    struct CheckOutcome;
    void runCheck();
    void showCheck(const exporters::ExportCheck& check);
    void showCheckError(const QString& message);
    void chooseDestination();

    Workspace* workspace_;
    std::shared_ptr<const Model> model_;
    std::shared_ptr<const Project> project_;
    QComboBox* format_;
    QLineEdit* destination_;
    QTableWidget* table_;
    QLabel* summary_;
    QLabel* size_;
    QStringList problems_;
    QPushButton* exportButton_ = nullptr;
    bool checking_ = false;
    quint64 predictedBytes_ = 0;
    Qt::HANDLE checkThread_ = nullptr;
};

} // namespace qb
