#include "app/gui/SensitivityDialog.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

#include "app/gui/DataForm.h"
#include "app/gui/ProblemLine.h"
#include "core/quant/plan.h"

namespace qb {

pipeline::SensitivityRequest SensitivityRunRequest::pipelineRequest() const {
    pipeline::SensitivityRequest r;
    r.data = data.dataSpec();
    r.limit = limit;
    r.bits = bits;
    r.method = method.toStdString();
    r.calibrationSamples = gptqWindows;
    return r;
}

std::vector<int> parseBitList(const QString& text, QString* problem) {
    std::vector<int> bits;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const int b = part.trimmed().toInt(&ok);
        if (!ok || b < quant::kMinBits || b > quant::kMaxBits) {
            if (problem)
                *problem = SensitivityDialog::tr("'%1' is not a bit width from %2 to %3.")
                               .arg(part.trimmed())
                               .arg(quant::kMinBits)
                               .arg(quant::kMaxBits);
            return {};
        }
        if (std::find(bits.begin(), bits.end(), b) == bits.end()) bits.push_back(b);
    }
    if (bits.empty() && problem) *problem = SensitivityDialog::tr("Give at least one bit width, such as 8,4.");
    return bits;
}

SensitivityDialog::SensitivityDialog(const Model& model, const SensitivityRunRequest& initial, QWidget* parent)
    : QDialog(parent), bits_(new QLineEdit(this)), method_(new QComboBox(this)), limit_(new QSpinBox(this)),
      gptqWindows_(new QSpinBox(this)), problem_(new ProblemLine(QStringLiteral("sensProblem"), this)) {
    setObjectName(QStringLiteral("sensitivityDialog"));
    setWindowTitle(tr("Sensitivity of %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));
    const bool text = pipeline::readsText(model);
    data_ = new DataForm(model, DataForm::Purpose::Evaluation, initial.data, QStringLiteral("sens"),
                         text ? tr("Windows") : tr("Preprocessing"), this);

    auto* intro = new QLabel(tr("Quantizes one layer at a time with each candidate scheme and measures how far "
                                "the model's outputs move from fp32 (KL divergence), next to proxies computed "
                                "from the weights and the layer inputs. Takes one model run per layer and scheme."),
                             this);
    intro->setWordWrap(true);

    auto* run = new QGroupBox(tr("Candidates"), this);
    auto* form = new QFormLayout(run);
    QStringList bits;
    for (const int b : initial.bits) bits << QString::number(b);
    bits_->setObjectName(QStringLiteral("sensBits"));
    bits_->setText(bits.join(QLatin1Char(',')));
    bits_->setToolTip(tr("Bit widths to try, comma separated: an integer scheme and the ggml types of each."));
    method_->setObjectName(QStringLiteral("sensMethod"));
    method_->addItem(tr("Round to nearest (rtn)"), QStringLiteral("rtn"));
    // GPTQ takes its inputs from text windows: language models only.
    if (text) method_->addItem(tr("GPTQ (slower)"), QStringLiteral("gptq"));
    method_->setCurrentIndex(std::max(0, method_->findData(initial.method)));
    limit_->setObjectName(QStringLiteral("sensLimit"));
    limit_->setRange(1, INT_MAX);
    limit_->setValue(int(std::clamp<int64_t>(initial.limit, 1, INT_MAX)));
    limit_->setToolTip(text ? tr("Text windows every measurement runs.") : tr("Images every measurement runs."));
    form->addRow(tr("&Bits:"), bits_);
    form->addRow(tr("&Method:"), method_);
    form->addRow(text ? tr("&Windows:") : tr("&Images:"), limit_);
    if (text) {
        gptqWindows_->setObjectName(QStringLiteral("sensGptqWindows"));
        gptqWindows_->setRange(1, INT_MAX);
        gptqWindows_->setValue(int(std::clamp<int64_t>(initial.gptqWindows, 1, INT_MAX)));
        gptqWindows_->setToolTip(tr("Text windows GPTQ collects each layer's inputs on: the ones Quantize chooses "
                                    "with as many input windows, so each entry measures the layer Quantize gives."));
        form->addRow(tr("GPTQ input w&indows:"), gptqWindows_);
        const auto follow = [this] { gptqWindows_->setEnabled(method_->currentData().toString() == QLatin1String("gptq")); };
        connect(method_, &QComboBox::currentIndexChanged, this, follow);
        follow();
    } else {
        gptqWindows_->hide();
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(data_);
    layout->addWidget(run);
    addDialogButtons(*this, *layout, *problem_, tr("&Measure"));
}

QLineEdit* SensitivityDialog::dataEdit() const { return data_->dataEdit(); }

SensitivityRunRequest SensitivityDialog::request() const {
    SensitivityRunRequest r;
    data_->fill(r.data);
    r.limit = limit_->value();
    r.bits = parseBitList(bits_->text(), nullptr);
    r.method = method_->currentData().toString();
    r.gptqWindows = gptqWindows_->value();
    return r;
}

QString SensitivityDialog::problem() const { return problem_->problem(); }

void SensitivityDialog::accept() {
    QString problem = data_->problem();
    if (problem.isEmpty()) parseBitList(bits_->text(), &problem);
    if (problem_->showProblem(problem)) QDialog::accept();
}

} // namespace qb
