#include "widgets/KernelTable.h"

#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace qb {

namespace {

// Rows explained under the summary: the worst few answer the question, more would be a list.
constexpr size_t kExplained = 3;
const QColor kSlower(253, 226, 226);

// Sorts by the number it holds (Qt::UserRole), not by its text.
class NumberItem : public QTableWidgetItem {
public:
    NumberItem(double value, const QString& text) : QTableWidgetItem(text) {
        setData(Qt::UserRole, value);
        setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        setFlags(flags() & ~Qt::ItemIsEditable);
    }
    bool operator<(const QTableWidgetItem& other) const override {
        return data(Qt::UserRole).toDouble() < other.data(Qt::UserRole).toDouble();
    }
};

QTableWidgetItem* textItem(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

QString milliseconds(double ms) { return QLocale().toString(ms, 'f', ms < 0.01 ? 4 : 3); }

QString opText(const pipeline::KernelRow& r) {
    const QString op = QString::fromStdString(r.op);
    return r.depthwise ? KernelTable::tr("depthwise %1").arg(op) : op;
}

QString orDash(const std::string& s) { return s.empty() ? QStringLiteral("-") : QString::fromStdString(s); }

} // namespace

KernelTable::KernelTable(QWidget* parent) : QWidget(parent) {
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);
    answer_ = new QLabel(this);
    answer_->setWordWrap(true);
    answer_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    table_ = new QTableWidget(0, Columns, this);
    table_->setObjectName(QStringLiteral("kernelTable"));
    table_->setHorizontalHeaderLabels({tr("Node"), tr("Op"), tr("fp32 kernel"), tr("fp32 (ms)"), tr("Quantized kernel"),
                                       tr("Precision"), tr("Quantized (ms)"), tr("Quantized / fp32")});
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->horizontalHeaderItem(Fp32Ms)->setToolTip(tr("Fastest of the profiled samples, batch 1"));
    table_->horizontalHeaderItem(Ms)->setToolTip(tr("Fastest of the profiled samples, batch 1"));
    table_->setSortingEnabled(true);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(summary_);
    layout->addWidget(answer_);
    layout->addWidget(table_, 1);
}

QString KernelTable::explain(const pipeline::KernelRow& r) {
    const QString precision = r.precision.empty() ? tr("host code") : QString::fromStdString(r.precision);
    QString line = tr("%1 (%2) runs %3 in %4: %5 ms, %6× fp32's %7 (%8 ms)")
                       .arg(QString::fromStdString(r.node), opText(r), QString::fromStdString(r.impl), precision,
                            milliseconds(r.bestMs), QLocale().toString(r.ratio(), 'f', 2), QString::fromStdString(r.fp32Impl),
                            milliseconds(r.fp32BestMs));
    const auto family = [](const std::string& impl) { return QString::fromStdString(impl.substr(0, impl.find(':'))); };
    if (r.impl.rfind("ref", 0) == 0)
        line += tr("; oneDNN has no optimised kernel for it (reference code)");
    else if (r.int8 && family(r.impl) != family(r.fp32Impl))
        line += tr("; oneDNN picks %1 for it in int8, not %2 as in fp32").arg(family(r.impl), family(r.fp32Impl));
    else if (!r.int8 && r.impl == r.fp32Impl)
        line += tr("; the same f32 kernel in both runs");
    if (r.int8 && r.primitiveMs > 0 && r.ms - r.primitiveMs > 0.2 * r.ms) // as pipeline::explainKernel
        line += tr("; %1 ms of its mean %2 ms outside the primitive (quantizing the input, reorders)")
                    .arg(milliseconds(r.ms - r.primitiveMs), milliseconds(r.ms));
    return line;
}

void KernelTable::setTable(const pipeline::KernelTable& t) {
    table_->setSortingEnabled(false);
    table_->setRowCount(0);
    if (t.empty()) {
        summary_->setText(tr("No kernel table: it is measured for graph models run on oneDNN."));
        answer_->clear();
        answer_->hide();
        return;
    }
    summary_->setText(tr("oneDNN on %1, %n thread(s), batch 1 over %2 samples: fp32 %3 ms, quantized %4 ms per sample "
                         "(the nodes at their fastest: %5 ms and %6 ms)",
                         nullptr, t.threads)
                          .arg(QString::fromStdString(t.isa))
                          .arg(t.samples)
                          .arg(milliseconds(t.fp32Ms), milliseconds(t.quantizedMs), milliseconds(t.fp32NodesMs()),
                               milliseconds(t.nodesMs())));
    const auto slowest = pipeline::slowestRows(t, kExplained);
    QStringList lines;
    for (const pipeline::KernelRow* r : slowest) lines << explain(*r);
    answer_->setText(lines.isEmpty() ? tr("No layer is slower quantized than in fp32.")
                                     : tr("Slower quantized:") + QStringLiteral("\n• ") + lines.join(QStringLiteral("\n• ")));
    answer_->show();
    table_->setRowCount(int(t.rows.size()));
    for (int i = 0; i < int(t.rows.size()); ++i) {
        const pipeline::KernelRow& r = t.rows[size_t(i)];
        table_->setItem(i, Node, textItem(QString::fromStdString(r.node)));
        table_->setItem(i, Op, textItem(opText(r)));
        table_->setItem(i, Fp32Kernel, textItem(orDash(r.fp32Impl)));
        table_->setItem(i, Fp32Ms, new NumberItem(r.fp32BestMs, milliseconds(r.fp32BestMs)));
        table_->setItem(i, Kernel, textItem(orDash(r.impl)));
        table_->setItem(i, Precision, textItem(orDash(r.precision)));
        table_->setItem(i, Ms, new NumberItem(r.bestMs, milliseconds(r.bestMs)));
        table_->setItem(i, Ratio, new NumberItem(r.ratio(), r.ratio() > 0 ? tr("%1×").arg(QLocale().toString(r.ratio(), 'f', 2))
                                                                            : QStringLiteral("-")));
        if (r.slower()) {
            const QString why = explain(r);
            for (int c = 0; c < Columns; ++c) {
                table_->item(i, c)->setBackground(kSlower);
                table_->item(i, c)->setToolTip(why);
            }
        }
    }
    table_->setSortingEnabled(true);
    table_->sortByColumn(Ms, Qt::DescendingOrder);
}

} // namespace qb
