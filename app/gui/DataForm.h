// The data part of the Calibrate and Evaluate dialogs: the data path, and how its samples are
// prepared (scale, mean, std and layout for images; the window length for text). Which fields it
// shows follows the model, so the dialogs themselves never ask what kind of model it is.
#pragma once
#include <QWidget>

#include "app/gui/EvaluationSettings.h"
#include "core/model/model.h"

class QComboBox;
class QFormLayout;
class QLineEdit;
class QSpinBox;

namespace qb {

class DataForm : public QWidget {
    Q_OBJECT
public:
    enum class Purpose { Calibration, Evaluation };

    /// Fields named `prefix` + "DataPath", "Scale", "Mean", "Std", "Layout", "Context" (tests find
    /// them by name); the options group is titled `groupTitle`.
    DataForm(const Model& model, Purpose purpose, const EvaluationSettings& initial, const QString& prefix,
             const QString& groupTitle, QWidget* parent = nullptr);

    /// True when the model reads text (windows), false for images (preprocessing).
    bool readsText() const { return text_; }
    QLineEdit* dataEdit() const { return data_; }
    /// The options group's form, for the dialog's own rows below the preparation fields.
    QFormLayout* options() const { return options_; }

    /// The data path, and the preprocessing (images) or the context (text) as entered.
    void fill(EvaluationSettings& s) const;
    /// Why the entries cannot be used (no or missing data, a bad number), or empty.
    QString problem() const;

private:
    void chooseFile();
    void chooseFolder();

    Purpose purpose_;
    bool text_;
    QLineEdit* data_;
    QFormLayout* options_;
    QLineEdit* scale_ = nullptr;
    QLineEdit* mean_ = nullptr;
    QLineEdit* std_ = nullptr;
    QComboBox* layout_ = nullptr;
    QSpinBox* context_ = nullptr;
};

} // namespace qb
