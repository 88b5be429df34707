// The plan editor's inspector: group size, grid symmetry and method of the selected layers, their
// own entry reset, and "apply to every layer of this kind".
#pragma once
#include <QStringList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;

namespace qb {

class PlanDocument;

class PlanInspector : public QWidget {
    Q_OBJECT
public:
    explicit PlanInspector(PlanDocument* doc, QWidget* parent = nullptr);

    /// Shows and edits `layers` (the first one's values when they differ).
    void setLayers(const QStringList& layers);
    const QStringList& layers() const { return layers_; }

    QComboBox* groupBox() const { return group_; }
    QComboBox* gridBox() const { return grid_; }
    QComboBox* methodBox() const { return method_; }
    QPushButton* applyToKindButton() const { return applyKind_; }
    QPushButton* resetButton() const { return reset_; }

signals:
    /// An edit was refused, with the reason; or applied, with a note.
    void refused(const QString& reason);
    void applied(const QString& note);

private:
    void refresh();
    void report(const QString& why, const QString& note);

    PlanDocument* doc_;
    QStringList layers_;
    QLabel* title_;
    QLabel* current_;
    QComboBox* group_;
    QComboBox* grid_;
    QComboBox* method_;
    QPushButton* applyKind_;
    QPushButton* reset_;
    bool updating_ = false;
};

} // namespace qb
