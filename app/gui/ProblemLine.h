// The end every data dialog shares: a red line saying why OK was refused, and OK/Cancel.
#pragma once
#include <QLabel>
#include <QString>

class QDialog;
class QVBoxLayout;

namespace qb {

class ProblemLine : public QLabel {
    Q_OBJECT
public:
    /// A hidden red line named `objectName`.
    ProblemLine(const QString& objectName, QWidget* parent);

    /// Shows `problem`, or hides the line when it is empty; true when there is no problem.
    bool showProblem(const QString& problem);
    /// The problem shown, or empty.
    QString problem() const { return isHidden() ? QString() : text(); }
};

/// Adds `line` and OK (labelled `okText`, running the dialog's accept()) / Cancel to `layout`.
void addDialogButtons(QDialog& dialog, QVBoxLayout& layout, ProblemLine& line, const QString& okText);

} // namespace qb
