#include "app/gui/QuantizeDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>
#include <climits>

#include "core/domain/scheme.h"
#include "core/pipeline/data_spec.h"
#include "core/quant/methods.h"

namespace qb {

namespace {

// The method table's descriptions (core/quant/methods.cpp has no Qt), for lupdate.
[[maybe_unused]] const char* const kMethodDescriptions[] = {
    QT_TRANSLATE_NOOP("qb::QuantizeDialog", "RTN with MSE clipping"),
    QT_TRANSLATE_NOOP("qb::QuantizeDialog", "GPTQ (Hessian error feedback)"),
    QT_TRANSLATE_NOOP("qb::QuantizeDialog", "AWQ (activation-aware scales)"),
    QT_TRANSLATE_NOOP("qb::QuantizeDialog", "SmoothQuant (W8A8, outliers into weights)"),
};

} // namespace

QuantizeDialog::QuantizeDialog(const Model& model, bool calibrated, QWidget* parent)
    : QDialog(parent),
      model_(model),
      language_(pipeline::readsText(model)),
      calibrated_(calibrated),
      bits_(new QComboBox(this)),
      group_(new QComboBox(this)),
      asymmetric_(new QCheckBox(tr("&Asymmetric grid (zero points)"), this)),
      method_(new QComboBox(this)),
      activations_(new QCheckBox(tr("Also quantize each layer's &input to 8 bits (W8A8)"), this)),
      actOrder_(new QCheckBox(tr("Act-&order: largest Hessian diagonal first"), this)),
      alpha_(new QDoubleSpinBox(this)),
      samples_(new QSpinBox(this)),
      memoryBudget_(new QSpinBox(this)),
      plan_(new QLineEdit(this)),
      toFile_(new QCheckBox(tr("&Write straight to a project file (for models whose result does not fit in memory)"), this)),
      output_(new QLineEdit(this)),
      hint_(new QLabel(this)),
      problem_(new QLabel(this)) {
    setObjectName(QStringLiteral("quantizeDialog"));
    setWindowTitle(tr("Quantize %1").arg(QFileInfo(QString::fromStdString(model.path)).fileName()));

    auto* uniform = new QGroupBox(tr("Every layer"), this);
    auto* form = new QFormLayout(uniform);
    bits_->setObjectName(QStringLiteral("quantBits"));
    for (int b = 8; b >= 2; --b) bits_->addItem(tr("INT%1").arg(b), b);
    // The GGML block formats by their scheme names (what a GGUF file stores).
    bits_->insertSeparator(bits_->count());
    for (const quant::Scheme& sc : quant::schemes())
        if (sc.kind == quant::SchemeKind::Ggml)
            bits_->addItem(tr("GGML %1").arg(QString::fromStdString(sc.name).toUpper()), QString::fromStdString(sc.name));
    bits_->setCurrentIndex(bits_->findData(4));
    group_->setObjectName(QStringLiteral("quantGroup"));
    group_->addItem(tr("One scale per output channel"), 0);
    for (int64_t g : quant::groupSizes()) group_->addItem(tr("Groups of %1 weights").arg(g), int(g));
    group_->setCurrentIndex(group_->findData(language_ ? 32 : 0));
    asymmetric_->setObjectName(QStringLiteral("quantAsym"));
    method_->setObjectName(QStringLiteral("quantMethod"));
    // The data-aware methods take inputs collected on text: language models only. The table's
    // descriptions are translated under this dialog's context (kMethodDescriptions).
    for (const quant::Method& m : quant::methods())
        if (language_ || !m.needsLayerInputs)
            method_->addItem(tr(m.description.data()),
                             QString::fromUtf8(m.name.data(), qsizetype(m.name.size())));
    activations_->setObjectName(QStringLiteral("quantActivations"));
    samples_->setObjectName(QStringLiteral("quantSamples"));
    samples_->setRange(1, INT_MAX);
    samples_->setValue(64);
    samples_->setToolTip(tr("Text windows of the calibration data that GPTQ, AWQ and SmoothQuant collect inputs on."));
    form->addRow(tr("&Weights:"), bits_);
    form->addRow(tr("&Scales:"), group_);
    form->addRow(QString(), asymmetric_);
    form->addRow(tr("&Method:"), method_);
    actOrder_->setObjectName(QStringLiteral("quantActOrder"));
    actOrder_->setToolTip(tr("GPTQ quantizes the columns whose inputs carry the most energy first."));
    alpha_->setObjectName(QStringLiteral("quantAlpha"));
    alpha_->setRange(0.0, 1.0);
    alpha_->setSingleStep(0.05);
    alpha_->setValue(quant::optionDefault("alpha"));
    alpha_->setToolTip(tr("SmoothQuant: how much of the activations' outliers moves into the weights."));
    form->addRow(QString(), actOrder_);
    form->addRow(tr("Migration &alpha:"), alpha_);
    form->addRow(tr("Input &windows:"), samples_);
    memoryBudget_->setObjectName(QStringLiteral("quantMemoryBudget"));
    memoryBudget_->setRange(0, INT_MAX);
    memoryBudget_->setSingleStep(512);
    memoryBudget_->setSuffix(QStringLiteral(" ") + tr("MiB"));
    memoryBudget_->setSpecialValueText(tr("No limit"));
    memoryBudget_->setToolTip(tr("Memory for one decoder block and the calibration activations of GPTQ, AWQ and "
                                 "SmoothQuant. Activations beyond it go through a temporary file; the result is the same."));
    form->addRow(tr("Memory &budget:"), memoryBudget_);
    form->addRow(QString(), activations_);

    auto* planBox = new QGroupBox(tr("Or a plan file (per-layer entries by name or glob)"), this);
    auto* planRow = new QHBoxLayout(planBox);
    plan_->setObjectName(QStringLiteral("quantPlan"));
    plan_->setPlaceholderText(tr("plan.json (optional: replaces the settings above)"));
    auto* browse = new QToolButton(planBox);
    browse->setText(tr("File…"));
    connect(browse, &QToolButton::clicked, this, [this] {
        const QString f = QFileDialog::getOpenFileName(this, tr("Choose a Plan"), plan_->text(), tr("Plans (*.json)"));
        if (!f.isEmpty()) plan_->setText(f);
    });
    planRow->addWidget(plan_, 1);
    planRow->addWidget(browse);

    // Streamed layer by layer into the file: memory stays at a few layers whatever the model's size.
    auto* resultBox = new QGroupBox(tr("Result"), this);
    auto* resultLayout = new QVBoxLayout(resultBox);
    toFile_->setObjectName(QStringLiteral("quantToFile"));
    toFile_->setToolTip(tr("Each layer goes into the file as it is quantized, and an interrupted run continues from "
                           "it. The open project stays as it is; open the file with File > Open Project."));
    output_->setObjectName(QStringLiteral("quantOutput"));
    output_->setText(QFileInfo(QString::fromStdString(model.path)).absoluteDir().filePath(
        QFileInfo(QString::fromStdString(model.path)).completeBaseName() + QStringLiteral("-quantized.qbproj")));
    auto* outputBrowse = new QToolButton(resultBox);
    outputBrowse->setText(tr("File…"));
    connect(outputBrowse, &QToolButton::clicked, this, [this] {
        const QString f = QFileDialog::getSaveFileName(this, tr("Quantize Into"), output_->text(), tr("QuantBench projects (*.qbproj)"));
        if (!f.isEmpty()) output_->setText(f);
    });
    auto* outputRow = new QHBoxLayout;
    outputRow->addWidget(output_, 1);
    outputRow->addWidget(outputBrowse);
    resultLayout->addWidget(toFile_);
    resultLayout->addLayout(outputRow);
    connect(toFile_, &QCheckBox::toggled, output_, &QWidget::setEnabled);
    connect(toFile_, &QCheckBox::toggled, outputBrowse, &QWidget::setEnabled);
    toFile_->setChecked(resultOutgrowsMemory(model, bitsPerWeight()));
    output_->setEnabled(toFile_->isChecked());
    outputBrowse->setEnabled(toFile_->isChecked());

    hint_->setObjectName(QStringLiteral("quantHint"));
    hint_->setWordWrap(true);
    problem_->setObjectName(QStringLiteral("quantProblem"));
    problem_->setWordWrap(true);
    problem_->setStyleSheet(QStringLiteral("color: #b00020"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QuantizeDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(uniform);
    layout->addWidget(planBox);
    layout->addWidget(resultBox);
    layout->addWidget(hint_);
    layout->addWidget(problem_);
    layout->addWidget(buttons);

    for (QComboBox* box : {bits_, group_, method_})
        connect(box, &QComboBox::currentIndexChanged, this, &QuantizeDialog::updateState);
    connect(activations_, &QCheckBox::toggled, this, &QuantizeDialog::updateState);
    connect(plan_, &QLineEdit::textChanged, this, &QuantizeDialog::updateState);
    updateState();
}

QuantizationRequest QuantizeDialog::request() const {
    QuantizationRequest r;
    r.planPath = plan_->text().trimmed();
    if (const QString format = ggmlFormat(); !format.isEmpty()) {
        r.settings.format = format.toStdString(); // the block layout fixes scales and zero points
    } else {
        r.settings.bits = bits_->currentData().toInt();
        if (const int g = group_->currentData().toInt(); g > 0) r.settings.group = g;
        r.settings.symmetric = !asymmetric_->isChecked();
    }
    r.settings.method = method_->currentData().toString().toStdString();
    if (activations_->isChecked()) r.settings.actBits = 8;
    const quant::Method& m = method();
    if (m.hasOption("act_order") && actOrder_->isChecked()) r.settings.actOrder = true;
    if (m.hasOption("alpha")) r.settings.alpha = alpha_->value();
    r.samples = samples_->value();
    r.memoryBudget = uint64_t(memoryBudget_->value()) << 20;
    if (toFile_->isChecked()) r.outputPath = output_->text().trimmed();
    return r;
}

QString QuantizeDialog::problem() const {
    const QuantizationRequest r = request();
    if (!r.planPath.isEmpty()) {
        return QFileInfo(r.planPath).isFile() ? QString() : tr("The plan file %1 does not exist.").arg(r.planPath);
    }
    const quant::Method& m = method();
    if (r.settings.format && !m.accepts(quant::SchemeKind::Ggml)) {
        QStringList others;
        for (const quant::Method& o : quant::methods())
            if (o.accepts(quant::SchemeKind::Ggml)) others << QString::fromUtf8(o.label.data(), qsizetype(o.label.size()));
        return tr("%1 works on the integer grids; a GGML block format takes %2.")
            .arg(QString::fromUtf8(m.label.data(), qsizetype(m.label.size())), others.join(QStringLiteral(", ")));
    }
    if (toFile_->isChecked()) {
        const QFileInfo out(r.outputPath);
        if (r.outputPath.isEmpty()) return tr("Name the project file to write.");
        if (!out.absoluteDir().exists()) return tr("The folder %1 does not exist.").arg(out.absolutePath());
        if (out.absoluteFilePath() == QFileInfo(QString::fromStdString(model_.path)).absoluteFilePath())
            return tr("The result cannot overwrite the model it is made from.");
    }
    const bool dataAware = m.needsLayerInputs;
    if ((dataAware || r.settings.actBits) && !calibrated_)
        return tr("%1 needs calibration data: run Model > Calibrate first.")
            .arg(dataAware ? method_->currentText() : tr("8-bit activations"));
    return {};
}

void QuantizeDialog::updateState() {
    const bool usePlan = !plan_->text().trimmed().isEmpty();
    const QString format = ggmlFormat();
    for (QWidget* w : std::initializer_list<QWidget*>{bits_, group_, asymmetric_, method_, activations_})
        w->setEnabled(!usePlan);
    group_->setEnabled(!usePlan && format.isEmpty());
    asymmetric_->setEnabled(!usePlan && format.isEmpty());
    const quant::Method& m = method();
    if (m.quantizesInputs) activations_->setChecked(true); // SmoothQuant exists to quantize the activations
    activations_->setEnabled(!usePlan && !m.quantizesInputs);
    samples_->setEnabled(!usePlan && m.needsLayerInputs);
    memoryBudget_->setEnabled(!usePlan && m.needsLayerInputs);
    actOrder_->setEnabled(!usePlan && m.hasOption("act_order"));
    alpha_->setEnabled(!usePlan && m.hasOption("alpha"));
    const int bits = bits_->currentData().toInt();
    const int group = group_->currentData().toInt();
    if (!usePlan && !format.isEmpty()) {
        const quant::Scheme& sc = quant::scheme(format.toStdString());
        hint_->setText(tr("%1 bits per weight in blocks of %2 (rows that are no whole blocks stay f16).")
                           .arg(sc.bitsPerWeight, 0, 'f', 3)
                           .arg(sc.group));
        problem_->clear();
        return;
    }
    hint_->setText(usePlan ? tr("The plan decides every layer's scheme; layers it leaves out stay f32.")
                           : group > 0 ? tr("About %1 bits per weight (rows that are no whole groups fall back to one scale per row).")
                                             .arg(bitsPerWeight(), 0, 'f', 3)
                                       : tr("%1 bits per weight plus one fp16 scale per output channel.").arg(bits));
    problem_->clear();
}

// Codes plus an fp16 scale (and a zero point) per group.
double QuantizeDialog::bitsPerWeight() const {
    if (!plan_->text().trimmed().isEmpty()) return 8;
    if (const QString format = ggmlFormat(); !format.isEmpty()) return quant::scheme(format.toStdString()).bitsPerWeight;
    const int group = group_->currentData().toInt();
    return bits_->currentData().toInt() + (group > 0 ? (16.0 + (asymmetric_->isChecked() ? bits_->currentData().toInt() : 0)) / group : 0.0);
}

const quant::Method& QuantizeDialog::method() const {
    const quant::Method* m = quant::findMethod(method_->currentData().toString().toStdString());
    return m ? *m : quant::defaultMethod(); // every item's data is a name of the table
}

QString QuantizeDialog::ggmlFormat() const {
    const QVariant d = bits_->currentData();
    return d.typeId() == QMetaType::QString ? d.toString() : QString();
}

void QuantizeDialog::accept() {
    const QString why = problem();
    problem_->setText(why);
    if (why.isEmpty()) QDialog::accept();
    else adjustSize(); // room for the wrapped message
}

} // namespace qb
