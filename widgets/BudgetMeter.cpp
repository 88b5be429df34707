#include "widgets/BudgetMeter.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>
#include <cmath>

#include "widgets/PlanDocument.h"

namespace qb {

namespace {
QString megabytes(uint64_t bytes) { return QLocale().toString(double(bytes) / 1e6, 'f', 3); }
} // namespace

BudgetMeter::BudgetMeter(PlanDocument* doc, QWidget* parent)
    : QWidget(parent), doc_(doc), size_(new QLabel(this)), bitsLabel_(new QLabel(this)), layersLabel_(new QLabel(this)), prediction_(new QLabel(this)),
      latency_(new QLabel(this)), bar_(new QProgressBar(this)) {
    setObjectName(QStringLiteral("budgetMeter"));
    size_->setObjectName(QStringLiteral("budgetSize"));
    bitsLabel_->setObjectName(QStringLiteral("budgetBits"));
    prediction_->setObjectName(QStringLiteral("budgetPrediction"));
    latency_->setObjectName(QStringLiteral("budgetLatency"));
    for (QLabel* l : {size_, bitsLabel_, layersLabel_, prediction_, latency_}) l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    latency_->setWordWrap(true);
    prediction_->setWordWrap(true);
    QFont big = size_->font();
    big.setPointSizeF(big.pointSizeF() * 1.25);
    big.setBold(true);
    size_->setFont(big);
    bar_->setRange(0, 1000);
    bar_->setTextVisible(true);
    bar_->setToolTip(tr("Planned layers' size against the same layers in f32"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(size_);
    layout->addWidget(bar_);
    layout->addWidget(bitsLabel_);
    layout->addWidget(layersLabel_);
    layout->addWidget(prediction_);
    layout->addWidget(latency_);
    connect(doc_, &PlanDocument::planChanged, this, &BudgetMeter::refresh);
    refresh();
}

QString BudgetMeter::sizeText() const { return size_->text(); }
QString BudgetMeter::bitsText() const { return bitsLabel_->text(); }
QString BudgetMeter::predictionText() const { return prediction_->text(); }
QString BudgetMeter::latencyText() const { return latency_->text(); }

void BudgetMeter::refresh() {
    bytes_ = 0;
    bits_ = 0;
    const auto size = doc_->size();
    if (!doc_->model()) {
        size_->setText(tr("No model"));
        bitsLabel_->clear();
        layersLabel_->clear();
        prediction_->clear();
        latency_->clear();
        bar_->setValue(0);
        bar_->setFormat(QString());
        return;
    }
    if (!size) {
        const auto& p = doc_->problems();
        size_->setText(tr("Problems in the plan: %1").arg(p.size()));
        bitsLabel_->clear();
        layersLabel_->clear();
        prediction_->setText(p.empty() ? QString() : QString::fromStdString(p.front()));
        latency_->clear();
        bar_->setValue(0);
        bar_->setFormat(QString());
        return;
    }
    bytes_ = size->bytes;
    bits_ = size->bitsPerWeight();
    const uint64_t whole = bytes_ + doc_->otherBytes();
    size_->setText(tr("%1 MB").arg(megabytes(whole)));
    size_->setToolTip(tr("%1 bytes of planned layers + %2 bytes of other tensors as stored")
                          .arg(QLocale().toString(qulonglong(bytes_)), QLocale().toString(qulonglong(doc_->otherBytes()))));
    bitsLabel_->setText(tr("%1 bits per weight").arg(QLocale().toString(bits_, 'f', 3)));
    layersLabel_->setText(tr("%1 quantizable layers: %2 MB").arg(doc_->resolved().size()).arg(megabytes(bytes_)));
    const double fraction = size->weights ? double(bytes_) / (4.0 * double(size->weights)) : 0;
    bar_->setValue(int(std::lround(1000 * std::min(1.0, fraction))));
    bar_->setFormat(tr("%1 % of f32").arg(QLocale().toString(100 * fraction, 'f', 1)));
    if (const auto change = doc_->predictedChange())
        prediction_->setText(tr("predicted change: %1 %2").arg(QLocale().toString(*change, 'g', 4), doc_->sensitivityMetric()));
    else
        prediction_->setText(tr("predicted change: —"));
    prediction_->setToolTip(doc_->sensitivity().empty() ? tr("Run a sensitivity analysis to predict the metric's change")
                                                        : tr("Sum of the measured change of each layer in its planned scheme"));
    refreshLatency();
}

void BudgetMeter::refreshLatency() {
    const auto ms = doc_->predictedLatencyMs();
    const auto fp32 = doc_->fp32LatencyMs();
    if (ms && fp32)
        latency_->setText(tr("predicted latency: %1 ms (fp32 %2 ms)")
                              .arg(QLocale().toString(*ms, 'g', 4), QLocale().toString(*fp32, 'g', 4)));
    else
        latency_->setText(tr("predicted latency: —"));
    latency_->setToolTip(
        doc_->latency()
            ? tr("Each layer's measured kernel time in what the runtime executes (int8 for W8A8 layers; weight-only "
                 "schemes are dequantized and run in f32) plus the rest of the model, on this machine")
            : tr("Measure the layers' latency (Model > Measure Latency) to predict the plan's"));
}

} // namespace qb
