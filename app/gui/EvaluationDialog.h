// Model > Evaluate…: asks for the evaluation data and, depending on the model, the image
// preprocessing or the language-model windows and sample.
#pragma once
#include <QDialog>

#include "app/gui/EvaluationSettings.h"
#include "core/model/model.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace qb {

class DataForm;
class ProblemLine;

/// Edits EvaluationSettings for one model; OK only with an existing data path and valid numbers.
class EvaluationDialog : public QDialog {
    Q_OBJECT
public:
    EvaluationDialog(const Model& model, const EvaluationSettings& initial, QWidget* parent = nullptr);

    EvaluationSettings settings() const;
    QLineEdit* dataEdit() const;
    /// Why OK was refused, empty when it was not.
    QString problem() const;

    void accept() override;

private:
    DataForm* data_;
    QSpinBox* limit_ = nullptr;
    QSpinBox* windows_ = nullptr;
    QLineEdit* prompt_ = nullptr;
    QSpinBox* sampleTokens_ = nullptr;
    ProblemLine* problem_;
};

} // namespace qb
