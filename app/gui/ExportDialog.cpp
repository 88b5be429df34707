#include "app/gui/ExportDialog.h"

#include <QColor>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "app/gui/Workspace.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/export.h"
#include "core/util/error.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {

using exporters::ExportFormat;

struct FormatChoice {
    ExportFormat format;
    const char* label;
    const char* suffix;
};

const FormatChoice kChoices[] = {
    {ExportFormat::Gguf, QT_TRANSLATE_NOOP("qb::ExportDialog", "GGUF (llama.cpp)"), "gguf"},
    {ExportFormat::OnnxQdq, QT_TRANSLATE_NOOP("qb::ExportDialog", "ONNX with QuantizeLinear/DequantizeLinear (ONNX Runtime)"), "onnx"},
    // A folder: model.safetensors, config.json and quantize_config.json.
    {ExportFormat::GptqSafetensors, QT_TRANSLATE_NOOP("qb::ExportDialog", "GPTQ safetensors (transformers, vLLM)"), ""},
    {ExportFormat::Hdf5, QT_TRANSLATE_NOOP("qb::ExportDialog", "HDF5 archive of codes, scales and the plan"), "h5"},
};

const FormatChoice& choiceOf(ExportFormat f) {
    for (const FormatChoice& c : kChoices)
        if (c.format == f) return c;
    return kChoices[0];
}

} // namespace

// What the check job hands back: the check, and the thread it ran on (for the test that it is
// not the GUI thread).
struct ExportDialog::CheckOutcome {
    exporters::ExportCheck check;
    Qt::HANDLE thread = nullptr;
};

ExportDialog::ExportDialog(Workspace* workspace, const QString& initialPath, QWidget* parent)
    : QDialog(parent),
      workspace_(workspace),
      model_(workspace->model()),
      project_(workspace->project()),
      format_(new QComboBox(this)),
      destination_(new QLineEdit(initialPath, this)),
      table_(new QTableWidget(0, 4, this)),
      summary_(new QLabel(this)),
      size_(new QLabel(this)) {
    setObjectName(QStringLiteral("exportDialog"));
    setWindowTitle(tr("Export %1").arg(QFileInfo(QString::fromStdString(model_->path)).fileName()));
    resize(760, 420);

    format_->setObjectName(QStringLiteral("exportFormat"));
    for (const FormatChoice& c : kChoices) format_->addItem(tr(c.label), int(c.format));
    // Language models go to llama.cpp first, graphs to ONNX Runtime.
    format_->setCurrentIndex(format_->findData(int(pipeline::readsText(*model_) ? ExportFormat::Gguf : ExportFormat::OnnxQdq)));
    destination_->setObjectName(QStringLiteral("exportDestination"));
    destination_->setMinimumWidth(420);
    auto* browse = new QToolButton(this);
    browse->setText(tr("Browse…"));
    connect(browse, &QToolButton::clicked, this, &ExportDialog::chooseDestination);
    auto* destinationRow = new QHBoxLayout;
    destinationRow->addWidget(destination_, 1);
    destinationRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("&Format:"), format_);
    form->addRow(tr("&Destination:"), destinationRow);
    qobject_cast<QLabel*>(form->labelForField(destinationRow))->setBuddy(destination_);

    auto* checkTitle = new QLabel(tr("<b>Pre-export check</b>"), this);
    table_->setObjectName(QStringLiteral("exportCheck"));
    table_->setHorizontalHeaderLabels({tr("Layer"), tr("Planned"), tr("Written"), tr("Why")});
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    summary_->setObjectName(QStringLiteral("exportSummary"));
    summary_->setWordWrap(true);
    size_->setObjectName(QStringLiteral("exportPredictedSize"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    exportButton_ = buttons->button(QDialogButtonBox::Ok);
    exportButton_->setText(tr("&Export"));
    connect(buttons, &QDialogButtonBox::accepted, this, &ExportDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ExportDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(checkTitle);
    layout->addWidget(summary_);
    layout->addWidget(size_);
    layout->addWidget(table_, 1);
    layout->addWidget(buttons);

    connect(format_, &QComboBox::currentIndexChanged, this, [this] {
        // A destination named after the old format follows the new one's suffix.
        const QFileInfo info(destination_->text());
        const QLatin1String suffix(choiceOf(format()).suffix);
        if (!destination_->text().isEmpty())
            destination_->setText(info.path() + QLatin1Char('/') + info.completeBaseName() +
                                  (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix));
        runCheck();
    });
    runCheck();
}

exporters::ExportFormat ExportDialog::format() const { return ExportFormat(format_->currentData().toInt()); }

QString ExportDialog::destination() const { return destination_->text().trimmed(); }

QString ExportDialog::problems() const { return problems_.join(QLatin1Char('\n')); }

void ExportDialog::runCheck() {
    table_->setRowCount(0);
    problems_.clear();
    predictedBytes_ = 0;
    checking_ = true;
    exportButton_->setEnabled(false);
    const ExportFormat f = format();
    summary_->setText(tr("Checking what %1 can hold…").arg(format_->currentText()));
    size_->clear();
    JobHandlers<CheckOutcome> handlers;
    const QPointer<ExportDialog> self(this);
    handlers.done = [self](CheckOutcome outcome, qint64) {
        if (!self) return;
        self->checkThread_ = outcome.thread;
        self->showCheck(outcome.check);
    };
    handlers.failed = [self](const JobError& error) {
        if (self) self->showCheckError(error.message());
    };
    handlers.cancelled = [self] {
        if (self) self->showCheckError(tr("The check was cancelled; choose the format again to rerun it."));
    };
    // A newer check (another format) supersedes this one, whose outcome is then dropped.
    workspace_->start<CheckOutcome>(
        Workspace::JobKind::ExportCheck, tr("Checking the export to %1").arg(QString::fromStdString(exporters::formatName(f))),
        [model = model_, project = project_, f](JobContext&) {
            return CheckOutcome{pipeline::checkExport(f, *model, *project), QThread::currentThreadId()};
        },
        std::move(handlers));
}

void ExportDialog::showCheck(const exporters::ExportCheck& check) {
    checking_ = false;
    table_->setRowCount(0);
    // One row per layer the format changes (what it writes instead) or refuses (in red).
    const auto addRow = [this](const QString& layer, const QString& planned, const QString& written, const QString& why,
                               bool refused) {
        const int row = table_->rowCount();
        table_->insertRow(row);
        int column = 0;
        for (const QString& text : {layer, planned, written, why}) {
            auto* item = new QTableWidgetItem(text);
            item->setToolTip(text);
            if (refused) item->setForeground(QColor(0xbe, 0x1e, 0x1e));
            table_->setItem(row, column++, item);
        }
    };
    QStringList problems;
    for (const std::string& p : check.problems) {
        // "layer 'name': why" names its layer; anything else is about the whole model.
        const QString text = QString::fromStdString(p);
        static const QRegularExpression named(QStringLiteral("^layer '([^']+)': (.*)$"));
        const QRegularExpressionMatch m = named.match(text);
        addRow(m.hasMatch() ? m.captured(1) : tr("(model)"), QString(), tr("refused"), m.hasMatch() ? m.captured(2) : text,
               true);
        problems << text;
    }
    for (const exporters::Fallback& f : check.fallbacks)
        addRow(QString::fromStdString(f.layer), QString::fromStdString(f.planned), QString::fromStdString(f.written),
               QString::fromStdString(f.reason), false);
    if (!problems.isEmpty())
        summary_->setText(tr("%n problem(s) refuse the export (in red); change the plan or choose another format.", nullptr,
                             int(problems.size())));
    else if (check.fallbacks.empty())
        summary_->setText(tr("Every layer is written as planned."));
    else
        summary_->setText(tr("%n layer(s) cannot be written as planned; the table says what is written instead.", nullptr,
                             int(check.fallbacks.size())));
    predictedBytes_ = check.predictedBytes;
    if (problems.isEmpty())
        size_->setText(tr("The file will be %1 (%2 bytes).")
                           .arg(bytesText(check.predictedBytes), countText(int64_t(check.predictedBytes))));
    table_->resizeColumnsToContents();
    problems_ = problems;
    exportButton_->setEnabled(problems_.isEmpty());
    emit checkFinished();
}

void ExportDialog::showCheckError(const QString& message) {
    checking_ = false;
    problems_ = QStringList{message};
    summary_->setText(message);
    size_->clear();
    exportButton_->setEnabled(false);
    emit checkFinished();
}

void ExportDialog::chooseDestination() {
    const FormatChoice& c = choiceOf(format());
    const QLatin1String suffix(c.suffix);
    const QString filter = suffix.isEmpty() ? QString() : tr("%1 (*.%2)").arg(tr(c.label), suffix);
    QString path = QFileDialog::getSaveFileName(this, tr("Export To"), destination_->text(), filter);
    if (path.isEmpty()) return;
    if (!suffix.isEmpty() && QFileInfo(path).suffix().isEmpty()) path += QLatin1Char('.') + suffix;
    destination_->setText(path);
}

void ExportDialog::accept() {
    if (destination().isEmpty()) {
        summary_->setText(tr("Choose where to write the export."));
        return;
    }
    if (checking_ || !problems_.isEmpty()) return;
    QDialog::accept();
}

} // namespace qb
