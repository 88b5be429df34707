// Model > Sensitivity…: asks for the data the outputs are compared on (and its preparation), the
// candidate bit widths, the method, how many windows or images to run and GPTQ's input windows.
#pragma once
#include <QDialog>
#include <QString>
#include <cstdint>
#include <vector>

#include "app/gui/EvaluationSettings.h"
#include "core/model/model.h"
#include "core/pipeline/sensitivity.h"

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace qb {

class ProblemLine;

class DataForm;

/// What the Sensitivity job measures; the data and its preparation are Evaluate's, remembered per model.
struct SensitivityRunRequest {
    EvaluationSettings data; ///< dataPath, preprocessing (images) or context (text)
    int64_t limit = 8;       ///< text windows or images
    std::vector<int> bits{std::begin(pipeline::kSensitivityBits), std::end(pipeline::kSensitivityBits)};
    QString method = QStringLiteral("rtn"); ///< "rtn" or "gptq"
    int64_t gptqWindows = 64; ///< GPTQ's input windows, as the Quantize dialog's (chosen by seed 0)

    /// The request as the pipeline takes it. Throws qb::Error for a bad mean or std list.
    pipeline::SensitivityRequest pipelineRequest() const;
};

/// "8,6,5,4,3" -> {8,6,5,4,3}; empty with `problem` set for anything but bit widths 2..8.
std::vector<int> parseBitList(const QString& text, QString* problem);

/// Edits a SensitivityRunRequest for one model; OK only with usable data, bits and numbers.
class SensitivityDialog : public QDialog {
    Q_OBJECT
public:
    SensitivityDialog(const Model& model, const SensitivityRunRequest& initial, QWidget* parent = nullptr);

    SensitivityRunRequest request() const;
    QLineEdit* dataEdit() const;
    QLineEdit* bitsEdit() const { return bits_; }
    QComboBox* methodBox() const { return method_; }
    QSpinBox* limitBox() const { return limit_; }
    QSpinBox* gptqWindowsBox() const { return gptqWindows_; }
    /// Why OK was refused, empty when it was not.
    QString problem() const;

    void accept() override;

private:
    DataForm* data_;
    QLineEdit* bits_;
    QComboBox* method_;
    QSpinBox* limit_;
    QSpinBox* gptqWindows_;
    ProblemLine* problem_;
};

} // namespace qb
