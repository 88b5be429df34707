// Model > Quantize…: uniform settings (integer bits, group and grid, or a GGML block format; the
// method and its options; 8-bit activations) or a plan file with per-layer entries, and the text windows the data-aware methods
// collect inputs on.
#pragma once
#include <QDialog>

#include "app/gui/ModelQuantization.h"
#include "core/model/model.h"
#include "core/quant/methods.h"

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace qb {

class QuantizeDialog : public QDialog {
    Q_OBJECT
public:
    /// `calibrated`: the open project has calibration (activation ranges, text for GPTQ & co).
    QuantizeDialog(const Model& model, bool calibrated, QWidget* parent = nullptr);

    QuantizationRequest request() const;
    QComboBox* bitsBox() const { return bits_; }
    QComboBox* groupBox() const { return group_; }
    QComboBox* methodBox() const { return method_; }
    QCheckBox* activationsBox() const { return activations_; }
    QCheckBox* actOrderBox() const { return actOrder_; }
    QDoubleSpinBox* alphaBox() const { return alpha_; }
    QLineEdit* planEdit() const { return plan_; }
    /// Checked: the result is written straight to outputEdit()'s project file.
    QCheckBox* toFileBox() const { return toFile_; }
    QLineEdit* outputEdit() const { return output_; }
    /// Why OK was refused, empty when it was not.
    QString problem() const;

    void accept() override;

private:
    void updateState();
    /// The method table's row of the method box's choice.
    const quant::Method& method() const;
    /// The GGML block format chosen in the weights box ("q4_k"), or empty for an integer grid.
    QString ggmlFormat() const;

    /// Bits per weight of the uniform choice, or 8 for a plan (its entries are unknown here).
    double bitsPerWeight() const;

    const Model& model_;
    bool language_, calibrated_;
    QComboBox* bits_;
    QComboBox* group_;
    QCheckBox* asymmetric_;
    QComboBox* method_;
    QCheckBox* activations_;
    QCheckBox* actOrder_;
    QDoubleSpinBox* alpha_;
    QSpinBox* samples_;
    QSpinBox* memoryBudget_; ///< MiB, 0: no limit
    QLineEdit* plan_;
    QCheckBox* toFile_;
    QLineEdit* output_;
    QLabel* hint_;
    QLabel* problem_;
};

} // namespace qb
