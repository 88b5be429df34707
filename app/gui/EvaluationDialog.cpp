#include "app/gui/EvaluationDialog.h"

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

QSpinBox* countBox(QWidget* parent, int min, int max, int value, const QString& special = {}) {
    auto* box = new QSpinBox(parent);
    box->setRange(min, max);
    box->setGroupSeparatorShown(true);
    if (!special.isEmpty()) {
        box->setSpecialValueText(special);
    }
    box->setValue(value);
    return box;
}

int clampedInt(int64_t v) { return int(std::clamp<int64_t>(v, 0, INT_MAX)); }

} // namespace

EvaluationDialog::EvaluationDialog(const Model& model, const EvaluationSettings& initial, QWidget* parent)
    : QDialog(parent),
      language_(model.llama.has_value()),
      data_(new QLineEdit(initial.dataPath, this)),
      file_(new QToolButton(this)),
      folder_(new QToolButton(this)),
      problem_(new QLabel(this)) {
    setObjectName(QStringLiteral("evaluationDialog"));
    setWindowTitle(tr("Evaluate %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));

    auto* intro = new QLabel(language_ ? tr("Perplexity of the language model on a UTF-8 text, cut into windows "
                                            "that each start with BOS, and a greedy sample.")
                                       : tr("Top-1 and top-5 accuracy of the classifier on labelled images: "
                                            "MNIST-style IDX files, a folder with one subfolder of PNG/JPEG "
                                            "images per class, or a .npy/.npz file."),
                             this);
    intro->setWordWrap(true);

    data_->setObjectName(QStringLiteral("evalDataPath"));
    data_->setPlaceholderText(language_ ? tr("a .txt file") : tr("an IDX images file, a .npy/.npz file or a folder"));
    data_->setMinimumWidth(360);
    file_->setText(tr("File…"));
    file_->setToolTip(tr("Choose a data file"));
    folder_->setText(tr("Folder…"));
    folder_->setToolTip(tr("Choose a folder holding the data"));
    folder_->setVisible(!language_);
    connect(file_, &QToolButton::clicked, this, &EvaluationDialog::chooseFile);
    connect(folder_, &QToolButton::clicked, this, &EvaluationDialog::chooseFolder);
    auto* dataRow = new QHBoxLayout;
    dataRow->addWidget(data_, 1);
    dataRow->addWidget(file_);
    dataRow->addWidget(folder_);
    auto* dataForm = new QFormLayout;
    dataForm->addRow(tr("&Data:"), dataRow);
    qobject_cast<QLabel*>(dataForm->labelForField(dataRow))->setBuddy(data_);

    auto* group = new QGroupBox(language_ ? tr("Windows and sample") : tr("Preprocessing"), this);
    auto* form = new QFormLayout(group);
    if (language_) {
        const int maxLen = clampedInt(model.llama->maxSeqLen);
        const int64_t context = initial.context > 0 && initial.context <= maxLen ? initial.context
                                                                                 : EvaluationSettings::defaultContext(model);
        context_ = countBox(group, 2, std::max(2, maxLen), clampedInt(context));
        context_->setObjectName(QStringLiteral("evalContext"));
        context_->setSuffix(tr(" tokens"));
        context_->setToolTip(tr("Window length including the BOS; the model takes at most %1.").arg(maxLen));
        windows_ = countBox(group, 0, INT_MAX, clampedInt(initial.windowLimit), tr("all"));
        windows_->setObjectName(QStringLiteral("evalWindows"));
        windows_->setToolTip(tr("Evaluate only the first windows of the text (all: the whole text)."));
        prompt_ = new QLineEdit(initial.prompt, group);
        prompt_->setObjectName(QStringLiteral("evalPrompt"));
        prompt_->setPlaceholderText(tr("empty: start right after BOS"));
        sampleTokens_ = countBox(group, 1, std::max(1, maxLen), std::clamp(initial.sampleTokens, 1, std::max(1, maxLen)));
        sampleTokens_->setObjectName(QStringLiteral("evalSampleTokens"));
        sampleTokens_->setSuffix(tr(" tokens"));
        form->addRow(tr("&Context:"), context_);
        form->addRow(tr("&Window limit:"), windows_);
        form->addRow(tr("&Prompt:"), prompt_);
        form->addRow(tr("&Sample length:"), sampleTokens_);
    } else {
        scale_ = new QLineEdit(QString::number(initial.scale, 'g', 8), group);
        scale_->setObjectName(QStringLiteral("evalScale"));
        scale_->setValidator(new QRegularExpressionValidator(kOneNumber, scale_));
        scale_->setToolTip(tr("Pixels are multiplied by this first: 1/255 = 0.00392157 maps bytes to [0, 1]."));
        auto* validator = new QRegularExpressionValidator(kNumberList, this);
        mean_ = new QLineEdit(initial.mean, group);
        mean_->setObjectName(QStringLiteral("evalMean"));
        mean_->setValidator(validator);
        mean_->setToolTip(tr("Subtracted after scaling: one value, or one per channel separated by commas."));
        std_ = new QLineEdit(initial.std, group);
        std_->setObjectName(QStringLiteral("evalStd"));
        std_->setValidator(validator);
        std_->setToolTip(tr("Divides after the mean: one value, or one per channel separated by commas."));
        layout_ = new QComboBox(group);
        layout_->setObjectName(QStringLiteral("evalLayout"));
        layout_->addItem(tr("From the model's input shape"), QStringLiteral("auto"));
        layout_->addItem(tr("NCHW (channels first)"), QStringLiteral("nchw"));
        layout_->addItem(tr("NHWC (channels last)"), QStringLiteral("nhwc"));
        layout_->setCurrentIndex(std::max(0, layout_->findData(initial.layout)));
        limit_ = countBox(group, 0, INT_MAX, clampedInt(initial.limit), tr("all"));
        limit_->setObjectName(QStringLiteral("evalLimit"));
        limit_->setToolTip(tr("Evaluate only the first samples (all: the whole dataset)."));
        form->addRow(tr("S&cale:"), scale_);
        form->addRow(tr("&Mean:"), mean_);
        form->addRow(tr("S&td:"), std_);
        form->addRow(tr("&Layout:"), layout_);
        form->addRow(tr("L&imit:"), limit_);
    }

    problem_->setObjectName(QStringLiteral("evalProblem"));
    problem_->setStyleSheet(QStringLiteral("color: #be1e1e"));
    problem_->setWordWrap(true);
    problem_->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Evaluate"));
    connect(buttons, &QDialogButtonBox::accepted, this, &EvaluationDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &EvaluationDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(dataForm);
    layout->addWidget(group);
    layout->addWidget(problem_);
    layout->addWidget(buttons);
}

EvaluationSettings EvaluationDialog::settings() const {
    EvaluationSettings s;
    s.dataPath = data_->text().trimmed();
    if (language_) {
        s.context = context_->value();
        s.windowLimit = windows_->value();
        s.prompt = prompt_->text();
        s.sampleTokens = sampleTokens_->value();
    } else {
        s.scale = QLocale::c().toDouble(scale_->text().trimmed());
        s.mean = mean_->text().trimmed();
        s.std = std_->text().trimmed();
        s.layout = layout_->currentData().toString();
        s.limit = limit_->value();
    }
    return s;
}

QString EvaluationDialog::problem() const { return problem_->isHidden() ? QString() : problem_->text(); }

void EvaluationDialog::accept() {
    const EvaluationSettings s = settings();
    QString problem;
    if (s.dataPath.isEmpty()) {
        problem = tr("Choose the evaluation data.");
    } else if (!QFileInfo::exists(s.dataPath)) {
        problem = tr("%1 does not exist.").arg(s.dataPath);
    } else if (!language_ && (!kOneNumber.match(scale_->text()).hasMatch() || !(s.scale > 0))) {
        problem = tr("The scale must be a number above 0.");
    } else if (!language_ && (!kNumberList.match(s.mean).hasMatch() || !kNumberList.match(s.std).hasMatch())) {
        problem = tr("Mean and std take one number, or one per channel separated by commas.");
    }
    problem_->setText(problem);
    problem_->setVisible(!problem.isEmpty());
    if (problem.isEmpty()) {
        QDialog::accept();
    }
}

void EvaluationDialog::chooseFile() {
    const QString filter = language_ ? tr("Text (*.txt);;All files (*)")
                                     : tr("Image data (*idx3-ubyte *idx3-ubyte.gz *.npy *.npz);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Evaluation Data"), data_->text(), filter);
    if (!path.isEmpty()) {
        data_->setText(path);
    }
}

void EvaluationDialog::chooseFolder() {
    const QString path = QFileDialog::getExistingDirectory(this, tr("Evaluation Data Folder"), data_->text());
    if (!path.isEmpty()) {
        data_->setText(path);
    }
}

} // namespace qb
