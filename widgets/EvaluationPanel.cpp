#include "widgets/EvaluationPanel.h"

#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>
#include <initializer_list>

#include "widgets/TextFormat.h"

namespace qb {

namespace {

QLabel* valueLabel(QWidget* parent, const QString& objectName) {
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString fileName(const QString& path) {
    const QString name = QFileInfo(path).fileName();
    return name.isEmpty() ? path : name;
}

// "mnist-12.onnx", or "mnist-12.onnx (rtn · 8.09 bpw · W8A8)" for a variant (the form).
QString modelText(const EvaluationRun& run) {
    return run.variant.isEmpty() ? fileName(run.modelPath) : QStringLiteral("%1 (%2)").arg(fileName(run.modelPath), run.variant);
}

QString percentText(double rate) { return QLocale().toString(100.0 * rate, 'f', 2) + QStringLiteral(" %"); }

QString secondsText(double s) { return QLocale().toString(s, 'f', s < 10 ? 2 : 1); }

// A read-only cell; `sortValue` keeps the number behind the formatted text for tests and copying.
QTableWidgetItem* cell(const QString& text, const QVariant& sortValue = {}) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    if (sortValue.isValid()) {
        item->setData(Qt::UserRole, sortValue);
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }
    return item;
}

} // namespace

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent),
      form_(new QFormLayout),
      placeholder_(new QLabel(tr("No evaluation yet: use Model > Evaluate… (Ctrl+E)."), this)),
      model_(valueLabel(this, QStringLiteral("evalModel"))),
      data_(valueLabel(this, QStringLiteral("evalData"))),
      settings_(valueLabel(this, QStringLiteral("evalSettings"))),
      top1_(valueLabel(this, QStringLiteral("evalTop1"))),
      top5_(valueLabel(this, QStringLiteral("evalTop5"))),
      perplexity_(valueLabel(this, QStringLiteral("evalPerplexity"))),
      meanNll_(valueLabel(this, QStringLiteral("evalMeanNll"))),
      samples_(valueLabel(this, QStringLiteral("evalSamples"))),
      seconds_(valueLabel(this, QStringLiteral("evalSeconds"))),
      throughput_(valueLabel(this, QStringLiteral("evalThroughput"))),
      sample_(new QPlainTextEdit(this)),
      sampleBox_(new QGroupBox(tr("Greedy sample"), this)),
      table_(new QTableWidget(0, ColumnCount, this)) {
    setObjectName(QStringLiteral("evaluationPanel"));
    placeholder_->setWordWrap(true);
    sample_->setObjectName(QStringLiteral("evalSample"));
    sample_->setReadOnly(true);
    sample_->setPlaceholderText(tr("generated text"));
    sample_->setMinimumHeight(3 * sample_->fontMetrics().lineSpacing());
    auto* sampleLayout = new QVBoxLayout(sampleBox_);
    sampleLayout->setContentsMargins(4, 4, 4, 4);
    sampleLayout->addWidget(sample_);

    QFont big = top1_->font();
    big.setBold(true);
    top1_->setFont(big);
    perplexity_->setFont(big);

    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form_->addRow(placeholder_);
    form_->addRow(tr("Model:"), model_);
    form_->addRow(tr("Data:"), data_);
    form_->addRow(tr("Settings:"), settings_);
    form_->addRow(tr("Top-1:"), top1_);
    form_->addRow(tr("Top-5:"), top5_);
    form_->addRow(tr("Perplexity:"), perplexity_);
    form_->addRow(tr("Mean NLL:"), meanNll_);
    form_->addRow(tr("Samples:"), samples_);
    form_->addRow(tr("Time:"), seconds_);
    form_->addRow(tr("Throughput:"), throughput_);
    auto* latest = new QWidget(this);
    latest->setLayout(form_);

    table_->setObjectName(QStringLiteral("evalResults"));
    table_->setHorizontalHeaderLabels(
        {tr("Model"), tr("Weights"), tr("Dataset"), tr("Metric"), tr("Value"), tr("Samples"), tr("Time (s)"), tr("Settings")});
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->setTextElideMode(Qt::ElideMiddle);
    QHeaderView* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    // Long model and data names would push the figures out of sight; the full text is a tooltip.
    header->setMaximumSectionSize(kMaxColumnWidth);
    header->setStretchLastSection(true);
    table_->horizontalHeaderItem(ColSamples)
        ->setToolTip(tr("Images for classifiers, scored tokens for language models"));

    // The sample sits under the table, where a sentence fits on a line or two.
    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(table_);
    right->addWidget(sampleBox_);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 1);
    right->setChildrenCollapsible(false);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(latest);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(splitter);
    clear();
}

void EvaluationPanel::addRun(EvaluationRun run) {
    showRun(run);
    appendRow(run);
    runs_.push_back(std::move(run));
}

void EvaluationPanel::clear() {
    runs_.clear();
    table_->setRowCount(0);
    for (int row = 1; row < form_->rowCount(); ++row) {
        form_->setRowVisible(row, false);
    }
    form_->setRowVisible(placeholder_, true);
    sampleBox_->hide();
}

QString EvaluationPanel::sampleText() const { return sample_->toPlainText(); }

void EvaluationPanel::showRun(const EvaluationRun& run) {
    const bool isClassifier = run.classifier.has_value();
    form_->setRowVisible(placeholder_, false);
    using Fields = std::initializer_list<QWidget*>;
    for (QWidget* field : Fields{model_, data_, settings_, samples_, seconds_, throughput_}) {
        form_->setRowVisible(field, true);
    }
    for (QWidget* field : Fields{top1_, top5_}) {
        form_->setRowVisible(field, isClassifier);
    }
    for (QWidget* field : Fields{perplexity_, meanNll_}) {
        form_->setRowVisible(field, !isClassifier);
    }
    sampleBox_->setVisible(!isClassifier);

    model_->setText(modelText(run));
    model_->setToolTip(run.modelPath);
    data_->setText(fileName(run.dataPath));
    data_->setToolTip(run.dataPath);
    settings_->setText(run.settings);
    seconds_->setText(tr("%1 s").arg(secondsText(run.seconds())));
    auto* samplesLabel = qobject_cast<QLabel*>(form_->labelForField(samples_));
    if (isClassifier) {
        const TopKCounter& c = run.classifier->counts;
        top1_->setText(tr("%1 (%2 of %3)").arg(percentText(c.top1Rate()), countText(c.top1), countText(c.samples)));
        top5_->setText(percentText(c.top5Rate()));
        samplesLabel->setText(tr("Samples:"));
        samples_->setText(countText(c.samples));
        throughput_->setText(tr("%1 samples/s").arg(countText(int64_t(run.throughput() + 0.5))));
    } else {
        const PerplexityResult& r = *run.language;
        perplexity_->setText(QLocale().toString(r.perplexity, 'f', 4));
        meanNll_->setText(tr("%1 nats/token").arg(QLocale().toString(r.meanNll, 'f', 4)));
        samplesLabel->setText(tr("Tokens:"));
        samples_->setText(tr("%1 in %2 windows of %3").arg(countText(r.tokens), countText(r.windows),
                                                           countText(run.context)));
        throughput_->setText(tr("%1 tokens/s").arg(countText(int64_t(run.throughput() + 0.5))));
        sample_->setPlainText(run.sample);
    }
}

void EvaluationPanel::appendRow(const EvaluationRun& run) {
    const int row = table_->rowCount();
    table_->insertRow(row);
    table_->setItem(row, ColModel, cell(fileName(run.modelPath)));
    table_->item(row, ColModel)->setToolTip(run.modelPath);
    table_->setItem(row, ColWeights, cell(run.variant.isEmpty() ? tr("fp32") : run.variant));
    table_->item(row, ColWeights)->setToolTip(table_->item(row, ColWeights)->text());
    table_->setItem(row, ColData, cell(fileName(run.dataPath)));
    table_->item(row, ColData)->setToolTip(run.dataPath);
    if (run.classifier) {
        const double top1 = run.classifier->counts.top1Rate();
        table_->setItem(row, ColMetric, cell(tr("top-1")));
        table_->setItem(row, ColValue, cell(percentText(top1), top1));
    } else {
        const double ppl = run.language->perplexity;
        table_->setItem(row, ColMetric, cell(tr("perplexity")));
        table_->setItem(row, ColValue, cell(QLocale().toString(ppl, 'f', 4), ppl));
    }
    table_->setItem(row, ColSamples, cell(countText(run.samples()), qlonglong(run.samples())));
    table_->setItem(row, ColSeconds, cell(secondsText(run.seconds()), run.seconds()));
    table_->setItem(row, ColSettings, cell(run.settings));
    table_->item(row, ColSettings)->setToolTip(run.settings);
    table_->scrollToBottom();
    table_->selectRow(row);
}

} // namespace qb
