#include "app/gui/CalibrationDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

namespace qb {

namespace {

// One number, or a comma-separated list, in the C locale as on the command line.
const QString kNumber = QStringLiteral(R"(\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*)");
const QRegularExpression kOneNumber(QStringLiteral("^%1$").arg(kNumber));
const QRegularExpression kNumberList(QStringLiteral("^%1(,%1)*$").arg(kNumber));

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
    : QDialog(parent),
      language_(model.llama.has_value()),
      data_(new QLineEdit(initial.data.dataPath, this)),
      problem_(new QLabel(this)) {
    setObjectName(QStringLiteral("calibrationDialog"));
    setWindowTitle(tr("Calibrate %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));

    auto* intro = new QLabel(language_ ? tr("Runs windows of a UTF-8 text through the model and records, for every "
                                            "weight matmul, the statistics of its weight and of its input.")
                                       : tr("Runs images through the model and records, for every quantizable "
                                            "layer, the statistics of its weight and of its input activation."),
                             this);
    intro->setWordWrap(true);

    data_->setObjectName(QStringLiteral("calibDataPath"));
    data_->setPlaceholderText(language_ ? tr("a .txt file") : tr("an IDX images file, a .npy/.npz file or a folder"));
    data_->setMinimumWidth(360);
    auto* file = new QToolButton(this);
    file->setText(tr("File…"));
    file->setToolTip(tr("Choose a data file"));
    connect(file, &QToolButton::clicked, this, &CalibrationDialog::chooseFile);
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(data_, 1);
    dataRow->addWidget(file);
    if (!language_) {
        auto* folder = new QToolButton(this);
        folder->setText(tr("Folder…"));
        folder->setToolTip(tr("Choose a folder holding the data"));
        connect(folder, &QToolButton::clicked, this, &CalibrationDialog::chooseFolder);
        dataRow->addWidget(folder);
    }
    auto* dataForm = new QFormLayout;
    dataForm->addRow(tr("&Data:"), dataRow);
    qobject_cast<QLabel*>(dataForm->labelForField(dataRow))->setBuddy(data_);

    auto* group = new QGroupBox(language_ ? tr("Windows") : tr("Preprocessing"), this);
    auto* form = new QFormLayout(group);
    if (language_) {
        const int64_t maxLen = std::max<int64_t>(2, model.llama->maxSeqLen);
        const int64_t context = initial.context > 0 ? initial.context : EvaluationSettings::defaultContext(model);
        context_ = numberBox(group, QStringLiteral("calibContext"), 2, int(std::min<int64_t>(maxLen, INT_MAX)), context);
        context_->setSuffix(tr(" tokens"));
        context_->setToolTip(tr("Window length including the BOS; the model takes at most %1.").arg(maxLen));
        form->addRow(tr("&Context:"), context_);
    } else {
        scale_ = new QLineEdit(QString::number(initial.data.scale, 'g', 8), group);
        scale_->setObjectName(QStringLiteral("calibScale"));
        scale_->setValidator(new QRegularExpressionValidator(kOneNumber, scale_));
        scale_->setToolTip(tr("Pixels are multiplied by this first: 1/255 = 0.00392157 maps bytes to [0, 1]."));
        auto* validator = new QRegularExpressionValidator(kNumberList, this);
        mean_ = new QLineEdit(initial.data.mean, group);
        mean_->setObjectName(QStringLiteral("calibMean"));
        mean_->setValidator(validator);
        mean_->setToolTip(tr("Subtracted after scaling: one value, or one per channel separated by commas."));
        std_ = new QLineEdit(initial.data.std, group);
        std_->setObjectName(QStringLiteral("calibStd"));
        std_->setValidator(validator);
        std_->setToolTip(tr("Divides after the mean: one value, or one per channel separated by commas."));
        layout_ = new QComboBox(group);
        layout_->setObjectName(QStringLiteral("calibLayout"));
        layout_->addItem(tr("From the model's input shape"), QStringLiteral("auto"));
        layout_->addItem(tr("NCHW (channels first)"), QStringLiteral("nchw"));
        layout_->addItem(tr("NHWC (channels last)"), QStringLiteral("nhwc"));
        layout_->setCurrentIndex(std::max(0, layout_->findData(initial.data.layout)));
        form->addRow(tr("S&cale:"), scale_);
        form->addRow(tr("&Mean:"), mean_);
        form->addRow(tr("S&td:"), std_);
        form->addRow(tr("&Layout:"), layout_);
    }

    auto* run = new QGroupBox(tr("Calibration"), this);
    auto* runForm = new QFormLayout(run);
    samples_ = numberBox(run, QStringLiteral("calibSamples"), 1, INT_MAX, initial.samples);
    samples_->setToolTip(language_ ? tr("Text windows to run, chosen by the seed.")
                                   : tr("Images to run, chosen by the seed."));
    seed_ = numberBox(run, QStringLiteral("calibSeed"), 0, INT_MAX, int64_t(std::min<uint64_t>(initial.seed, INT_MAX)));
    seed_->setToolTip(tr("Chooses which samples run: the same seed picks the same samples."));
    bits_ = numberBox(run, QStringLiteral("calibBits"), 2, 8, initial.bits);
    bits_->setSuffix(tr(" bits"));
    bits_->setToolTip(tr("Bit-width the clip thresholds are searched for."));
    runForm->addRow(tr("Sa&mples:"), samples_);
    runForm->addRow(tr("S&eed:"), seed_);
    runForm->addRow(tr("&Bits:"), bits_);

    problem_->setObjectName(QStringLiteral("calibProblem"));
    problem_->setStyleSheet(QStringLiteral("color: #be1e1e"));
    problem_->setWordWrap(true);
    problem_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Calibrate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &CalibrationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &CalibrationDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(dataForm);
    layout->addWidget(group);
    layout->addWidget(run);
    layout->addWidget(problem_);
    layout->addWidget(buttons);
}

CalibrationRequest CalibrationDialog::request() const {
    CalibrationRequest r;
    r.data.dataPath = data_->text().trimmed();
    if (language_) {
        r.context = context_->value();
    } else {
        r.data.scale = QLocale::c().toDouble(scale_->text().trimmed());
        r.data.mean = mean_->text().trimmed();
        r.data.std = std_->text().trimmed();
        r.data.layout = layout_->currentData().toString();
    }
    r.samples = samples_->value();
    r.seed = uint64_t(seed_->value());
    r.bits = bits_->value();
    return r;
}

QString CalibrationDialog::problem() const { return problem_->isHidden() ? QString() : problem_->text(); }

void CalibrationDialog::accept() {
    const CalibrationRequest r = request();
    QString problem;
    if (r.data.dataPath.isEmpty()) {
        problem = tr("Choose the calibration data.");
    } else if (!QFileInfo::exists(r.data.dataPath)) {
        problem = tr("%1 does not exist.").arg(r.data.dataPath);
    } else if (!language_ && (!kOneNumber.match(scale_->text()).hasMatch() || !(r.data.scale > 0))) {
        problem = tr("The scale must be a number above 0.");
    } else if (!language_ && (!kNumberList.match(r.data.mean).hasMatch() || !kNumberList.match(r.data.std).hasMatch())) {
        problem = tr("Mean and std take one number, or one per channel separated by commas.");
    }
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    if (problem.isEmpty()) {
        QDialog::accept();
    }
}

void CalibrationDialog::chooseFile() {
    const QString filter = language_ ? tr("Text (*.txt);;All files (*)")
                                     : tr("Image data (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Calibration Data"), data_->text(), filter);
    if (!path.isEmpty()) {
        data_->setText(path);
    }
}

void CalibrationDialog::chooseFolder() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Calibration Data Folder"), data_->text());
    if (!path.isEmpty()) {
        data_->setText(path);
    }
}

} // namespace qb
