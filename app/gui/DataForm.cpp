#include "app/gui/DataForm.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

#include "app/gui/AppSettings.h"
#include "core/pipeline/data_spec.h"

namespace qb {

namespace {

// One number, or a comma-separated list, in the C locale as on the command line.
const QString kNumber = QStringLiteral(R"(\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*)");
const QRegularExpression kOneNumber(QStringLiteral("^%1$").arg(kNumber));
const QRegularExpression kNumberList(QStringLiteral("^%1(,%1)*$").arg(kNumber));

} // namespace

DataForm::DataForm(const Model& model, Purpose purpose, const EvaluationSettings& initial, const QString& prefix,
                   const QString& groupTitle, QWidget* parent)
    : QWidget(parent),
      purpose_(purpose),
      text_(pipeline::readsText(model)),
      data_(new QLineEdit(initial.dataPath, this)) {
    data_->setObjectName(prefix + QStringLiteral("DataPath"));
    data_->setPlaceholderText(text_ ? tr("a .txt file") : tr("an IDX images file, a .npy/.npz file or a folder"));
    data_->setMinimumWidth(360);
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(data_, 1);
    auto* file = new QToolButton(this);
    file->setText(tr("File…"));
    file->setToolTip(tr("Choose a data file"));
    connect(file, &QToolButton::clicked, this, &DataForm::chooseFile);
    dataRow->addWidget(file);
    if (!text_) {
        auto* folder = new QToolButton(this);
        folder->setText(tr("Folder…"));
        folder->setToolTip(tr("Choose a folder holding the data"));
        connect(folder, &QToolButton::clicked, this, &DataForm::chooseFolder);
        dataRow->addWidget(folder);
    }
    auto* dataForm = new QFormLayout;
    dataForm->setContentsMargins(0, 0, 0, 0);
    dataForm->addRow(tr("&Data:"), dataRow);
    qobject_cast<QLabel*>(dataForm->labelForField(dataRow))->setBuddy(data_);

    auto* group = new QGroupBox(groupTitle, this);
    options_ = new QFormLayout(group);
    if (text_) {
        const int64_t maxLen = std::clamp<int64_t>(pipeline::maxContext(model), 2, INT_MAX);
        const int64_t context =
            initial.context > 0 && initial.context <= maxLen ? initial.context : EvaluationSettings::defaultContext(model);
        context_ = new QSpinBox(group);
        context_->setObjectName(prefix + QStringLiteral("Context"));
        context_->setRange(2, int(maxLen));
        context_->setGroupSeparatorShown(true);
        context_->setValue(int(context));
        context_->setSuffix(tr(" tokens"));
        context_->setToolTip(tr("Window length including the BOS; the model takes at most %1.").arg(maxLen));
        options_->addRow(tr("&Context:"), context_);
    } else {
        scale_ = new QLineEdit(QString::number(initial.scale, 'g', 8), group);
        scale_->setObjectName(prefix + QStringLiteral("Scale"));
        scale_->setValidator(new QRegularExpressionValidator(kOneNumber, scale_));
        scale_->setToolTip(tr("Pixels are multiplied by this first: 1/255 = 0.00392157 maps bytes to [0, 1]."));
        auto* validator = new QRegularExpressionValidator(kNumberList, this);
        mean_ = new QLineEdit(initial.mean, group);
        mean_->setObjectName(prefix + QStringLiteral("Mean"));
        mean_->setValidator(validator);
        mean_->setToolTip(tr("Subtracted after scaling: one value, or one per channel separated by commas."));
        std_ = new QLineEdit(initial.std, group);
        std_->setObjectName(prefix + QStringLiteral("Std"));
        std_->setValidator(validator);
        std_->setToolTip(tr("Divides after the mean: one value, or one per channel separated by commas."));
        layout_ = new QComboBox(group);
        layout_->setObjectName(prefix + QStringLiteral("Layout"));
        layout_->addItem(tr("From the model's input shape"), QStringLiteral("auto"));
        layout_->addItem(tr("NCHW (channels first)"), QStringLiteral("nchw"));
        layout_->addItem(tr("NHWC (channels last)"), QStringLiteral("nhwc"));
        layout_->setCurrentIndex(std::max(0, layout_->findData(initial.layout)));
        options_->addRow(tr("S&cale:"), scale_);
        options_->addRow(tr("&Mean:"), mean_);
        options_->addRow(tr("S&td:"), std_);
        options_->addRow(tr("&Layout:"), layout_);
    }

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(dataForm);
    layout->addWidget(group);
}

void DataForm::fill(EvaluationSettings& s) const {
    s.dataPath = data_->text().trimmed();
    if (text_) {
        s.context = context_->value();
        return;
    }
    s.scale = QLocale::c().toDouble(scale_->text().trimmed());
    s.mean = mean_->text().trimmed();
    s.std = std_->text().trimmed();
    s.layout = layout_->currentData().toString();
}

QString DataForm::problem() const {
    EvaluationSettings s;
    fill(s);
    if (s.dataPath.isEmpty()) {
        return purpose_ == Purpose::Calibration ? tr("Choose the calibration data.") : tr("Choose the evaluation data.");
    }
    if (!QFileInfo::exists(s.dataPath)) return tr("%1 does not exist.").arg(s.dataPath);
    if (text_) return {};
    if (!kOneNumber.match(scale_->text()).hasMatch() || !(s.scale > 0)) return tr("The scale must be a number above 0.");
    if (!kNumberList.match(s.mean).hasMatch() || !kNumberList.match(s.std).hasMatch())
        return tr("Mean and std take one number, or one per channel separated by commas.");
    return {};
}

void DataForm::chooseFile() {
    const QString filter = text_ ? tr("Text (*.txt);;All files (*)")
                                 : tr("Image data (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;All files (*)");
    const QString title = purpose_ == Purpose::Calibration ? tr("Calibration Data") : tr("Evaluation Data");
    const QString path = QFileDialog::getOpenFileName(this, title, AppSettings::load().dataStartFolder(data_->text()), filter);
    if (!path.isEmpty()) data_->setText(path);
}

void DataForm::chooseFolder() {
    const QString title = purpose_ == Purpose::Calibration ? tr("Calibration Data Folder") : tr("Evaluation Data Folder");
    const QString path = QFileDialog::getExistingDirectory(this, title, AppSettings::load().dataStartFolder(data_->text()));
    if (!path.isEmpty()) data_->setText(path);
}

} // namespace qb
