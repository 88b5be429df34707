#include "app/gui/ProblemLine.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace qb {

ProblemLine::ProblemLine(const QString& objectName, QWidget* parent) : QLabel(parent) {
    setObjectName(objectName);
    setStyleSheet(QStringLiteral("color: #be1e1e"));
    setWordWrap(true);
    hide();
}

bool ProblemLine::showProblem(const QString& problem) {
    setText(problem);
    setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

void addDialogButtons(QDialog& dialog, QVBoxLayout& layout, ProblemLine& line, const QString& okText) {
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(okText);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout.addWidget(&line);
    layout.addWidget(buttons);
}

} // namespace qb
