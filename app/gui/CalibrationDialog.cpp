#include "app/gui/CalibrationDialog.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

#include "app/gui/DataForm.h"
#include "app/gui/ProblemLine.h"

#include "core/pipeline/data_spec.h"

namespace qb {

namespace {

QSpinBox* numberBox(QWidget* parent, const QString& name, int min, int max, int64_t value) {
    auto* box = new QSpinBox(parent);
    box->setObjectName(name);
    box->setRange(min, max);
    box->setGroupSeparatorShown(true);
    box->setValue(int(std::clamp<int64_t>(value, min, max)));
    return box;
}

} // namespace

CalibrationDialog::CalibrationDialog(const Model& model, const CalibrationRequest& initial, QWidget* parent)
    : QDialog(parent), problem_(new ProblemLine(QStringLiteral("calibProblem"), this)) {
    setObjectName(QStringLiteral("calibrationDialog"));
    setWindowTitle(tr("Calibrate %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));
    EvaluationSettings data = initial.data;
    data.context = initial.context;
    const bool text = pipeline::readsText(model);
    data_ = new DataForm(model, DataForm::Purpose::Calibration, data, QStringLiteral("calib"),
                         text ? tr("Windows") : tr("Preprocessing"), this);

    auto* intro = new QLabel(text ? tr("Runs windows of a UTF-8 text through the model and records, for every "
                                       "weight matmul, the statistics of its weight and of its input.")
                                  : tr("Runs images through the model and records, for every quantizable "
                                       "layer, the statistics of its weight and of its input activation."),
                             this);
    intro->setWordWrap(true);

    auto* run = new QGroupBox(tr("Calibration"), this);
    auto* runForm = new QFormLayout(run);
    samples_ = numberBox(run, QStringLiteral("calibSamples"), 1, INT_MAX, initial.samples);
    samples_->setToolTip(text ? tr("Text windows to run, chosen by the seed.")
                                   : tr("Images to run, chosen by the seed."));
    seed_ = numberBox(run, QStringLiteral("calibSeed"), 0, INT_MAX, int64_t(std::min<uint64_t>(initial.seed, INT_MAX)));
    seed_->setToolTip(tr("Chooses which samples run: the same seed picks the same samples."));
    bits_ = numberBox(run, QStringLiteral("calibBits"), 2, 8, initial.bits);
    bits_->setSuffix(tr(" bits"));
    bits_->setToolTip(tr("Bit-width the clip thresholds are searched for."));
    runForm->addRow(tr("Sa&mples:"), samples_);
    runForm->addRow(tr("S&eed:"), seed_);
    runForm->addRow(tr("&Bits:"), bits_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(data_);
    layout->addWidget(run);
    addDialogButtons(*this, *layout, *problem_, tr("&Calibrate"));
}

QLineEdit* CalibrationDialog::dataEdit() const { return data_->dataEdit(); }

CalibrationRequest CalibrationDialog::request() const {
    CalibrationRequest r;
    data_->fill(r.data);
    r.context = data_->readsText() ? r.data.context : 0;
    r.samples = samples_->value();
    r.seed = uint64_t(seed_->value());
    r.bits = bits_->value();
    return r;
}

QString CalibrationDialog::problem() const { return problem_->problem(); }

void CalibrationDialog::accept() {
    if (problem_->showProblem(data_->problem())) QDialog::accept();
}

} // namespace qb
