// Model > Calibrate…: asks for the calibration data, its preprocessing (images) or window length
// (text), how many samples to run, the seed that picks them and the clip thresholds' bit-width.
#pragma once
#include <QDialog>

#include "app/gui/ModelCalibration.h"
#include "core/model/model.h"

class QLabel;
class QLineEdit;
class QSpinBox;

namespace qb {

class DataForm;
class ProblemLine;

/// Edits a CalibrationRequest for one model; OK only with an existing data path and valid numbers.
class CalibrationDialog : public QDialog {
    Q_OBJECT
public:
    CalibrationDialog(const Model& model, const CalibrationRequest& initial, QWidget* parent = nullptr);

    CalibrationRequest request() const;
    QLineEdit* dataEdit() const;
    QSpinBox* samplesBox() const { return samples_; }
    /// Why OK was refused, empty when it was not.
    QString problem() const;

    void accept() override;

private:
    DataForm* data_;
    QSpinBox* samples_;
    QSpinBox* seed_;
    QSpinBox* bits_;
    ProblemLine* problem_;
};

} // namespace qb
