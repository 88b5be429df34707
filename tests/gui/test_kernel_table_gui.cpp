// The Comparison panel's Kernels tab on a real comparison (mnist-12 W8A8 against fp32, core's
// compareRuns with profiled runs): one row per node with its oneDNN kernels and times, sorted by
// quantized time and sortable by any column, rows slower quantized marked, the ISA shown, the
// slowest rows explained in a line; hidden where there is no kernel table.
// QB_SCREENSHOT_DIR=<folder> also saves the tab for mnist-12 and for PaddleOCR's direction
// classifier on rendered text lines.
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include "core/pipeline/compare.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "widgets/ComparisonView.h"
#include "widgets/KernelTable.h"
#include "screenshots.h"

namespace {

const std::string kMnist = QB_SHARED_DIR "/models/onnx/mnist-12.onnx";
const std::string kMnistData = QB_SHARED_DIR "/data/mnist";
const std::string kCls = QB_SHARED_DIR "/models/onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx";
const char* kW8A8 = R"({"default": {"bits": 8, "act_bits": 8}})";

qb::pipeline::Comparison compareW8A8(const std::string& modelPath, const qb::pipeline::DataSpec& data, int64_t limit) {
    const auto model = qb::pipeline::openInput(modelPath).model;
    qb::pipeline::QuantizeRequest req;
    req.plan = qb::quant::parsePlan(kW8A8, "test plan");
    req.planSource = "test plan";
    req.data = data;
    req.calibration.samples = 16;
    const std::vector<qb::pipeline::CompareVariant> variants{
        {"W8A8", *qb::pipeline::quantize(model, std::nullopt, req, {}).project.quantization}};
    return qb::pipeline::compareRuns(model, variants, data,
                                     {.limit = limit, .latencySamples = 1, .layerSamples = 0, .kernelSamples = 4}, {});
}

QTabWidget* tabsOf(qb::ComparisonView& view) {
    for (auto* tabs : view.findChildren<QTabWidget*>())
        if (tabs->indexOf(view.kernelTable()) >= 0) return tabs;
    return nullptr;
}

// A table whose figures are known: a depthwise Conv slower quantized, a Conv faster.
qb::pipeline::KernelTable knownTable() {
    qb::pipeline::KernelTable t;
    t.isa = "avx2";
    t.threads = 2;
    t.samples = 8;
    t.fp32Ms = 1.5;
    t.quantizedMs = 1.7;
    qb::pipeline::KernelRow dw;
    dw.node = "conv_dw";
    dw.op = "Conv";
    dw.depthwise = dw.int8 = true;
    dw.shape = "1x16x24x96";
    dw.fp32Impl = "jit_dw:avx2";
    dw.fp32Precision = "f32";
    dw.fp32BestMs = 0.020;
    dw.impl = "jit_uni_int8:avx2";
    dw.precision = "u8/s8→f32";
    dw.bestMs = 0.050;
    qb::pipeline::KernelRow pw = dw;
    pw.node = "conv_pw";
    pw.depthwise = false;
    pw.fp32Impl = "jit_1x1:avx2";
    pw.impl = "jit_int8_1x1:avx2";
    pw.fp32BestMs = 0.100;
    pw.bestMs = 0.040;
    t.rows = {pw, dw};
    return t;
}

} // namespace

class KernelTableGuiTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        qb::pipeline::DataSpec data;
        data.path = kMnistData;
        comparison_ = compareW8A8(kMnist, data, 32);
    }

    void showsEveryNodeSortedByQuantizedTime() {
        const qb::pipeline::KernelTable& k = comparison_.details.at(0).kernels;
        QVERIFY(!k.empty());
        qb::ComparisonView view;
        view.resize(1200, 700);
        view.setComparison(comparison_);
        QTabWidget* tabs = tabsOf(view);
        QVERIFY(tabs);
        QVERIFY(tabs->isTabVisible(tabs->indexOf(view.kernelTable())));
        QCOMPARE(tabs->tabText(tabs->indexOf(view.kernelTable())), qb::ComparisonView::tr("Kernels"));
        QTableWidget* table = view.kernelTable()->table();
        QCOMPARE(table->rowCount(), int(k.rows.size()));
        QVERIFY(view.kernelTable()->summary()->text().contains(QString::fromStdString(k.isa)));
        // Slowest quantized first, every node of the table once, each with its own figures.
        for (int r = 1; r < table->rowCount(); ++r)
            QVERIFY(table->item(r - 1, qb::KernelTable::Ms)->data(Qt::UserRole).toDouble() >=
                    table->item(r, qb::KernelTable::Ms)->data(Qt::UserRole).toDouble());
        int convs = 0;
        for (int r = 0; r < table->rowCount(); ++r) {
            const QString node = table->item(r, qb::KernelTable::Node)->text();
            const auto row = std::find_if(k.rows.begin(), k.rows.end(), [&](const auto& x) { return QString::fromStdString(x.node) == node; });
            QVERIFY2(row != k.rows.end(), qPrintable(node));
            QCOMPARE(table->item(r, qb::KernelTable::Kernel)->text(), QString::fromStdString(row->impl));
            QCOMPARE(table->item(r, qb::KernelTable::Fp32Kernel)->text(), QString::fromStdString(row->fp32Impl));
            QCOMPARE(table->item(r, qb::KernelTable::Ms)->data(Qt::UserRole).toDouble(), row->bestMs);
            QCOMPARE(table->item(r, qb::KernelTable::Ratio)->data(Qt::UserRole).toDouble(), row->ratio());
            // Marked exactly when slower quantized.
            QCOMPARE(table->item(r, qb::KernelTable::Node)->background().color() == QColor(253, 226, 226), row->slower());
            if (row->op == "Conv") {
                ++convs;
                const QString p = table->item(r, qb::KernelTable::Precision)->text();
                QVERIFY2(p.startsWith(QStringLiteral("u8/s8")) || p.startsWith(QStringLiteral("s8")), qPrintable(p));
            }
        }
        QCOMPARE(convs, 2);
        // Sortable by fp32 time.
        table->sortByColumn(qb::KernelTable::Fp32Ms, Qt::AscendingOrder);
        for (int r = 1; r < table->rowCount(); ++r)
            QVERIFY(table->item(r - 1, qb::KernelTable::Fp32Ms)->data(Qt::UserRole).toDouble() <=
                    table->item(r, qb::KernelTable::Fp32Ms)->data(Qt::UserRole).toDouble());
        if (!qb::test::screenshotDir().isEmpty()) {
            table->sortByColumn(qb::KernelTable::Ms, Qt::DescendingOrder);
            tabs->setCurrentWidget(view.kernelTable());
            QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-kernels-mnist12.png")));
        }
    }

    void explainsTheSlowestRows() {
        qb::KernelTable widget;
        widget.setTable(knownTable());
        const QString answer = widget.answer()->text();
        QVERIFY2(answer.contains(QStringLiteral("conv_dw (depthwise Conv) runs jit_uni_int8:avx2 in u8/s8→f32")), qPrintable(answer));
        QVERIFY2(answer.contains(QStringLiteral("%1×").arg(QLocale().toString(2.5, 'f', 2))), qPrintable(answer));
        QVERIFY2(answer.contains(QStringLiteral("jit_uni_int8")) && answer.contains(QStringLiteral("not jit_dw")), qPrintable(answer));
        QVERIFY(!answer.contains(QStringLiteral("conv_pw"))); // faster quantized: not an answer
        QCOMPARE(widget.table()->item(0, qb::KernelTable::Node)->text(), QStringLiteral("conv_dw")); // 0.050 ms first
        QVERIFY(widget.table()->item(0, qb::KernelTable::Node)->toolTip().contains(QStringLiteral("2")));
        QVERIFY(widget.summary()->text().contains(QStringLiteral("avx2")));
        // No slower row: said so.
        auto fast = knownTable();
        fast.rows.pop_back();
        widget.setTable(fast);
        QCOMPARE(widget.answer()->text(), qb::KernelTable::tr("No layer is slower quantized than in fp32."));
    }

    void hiddenWithoutAKernelTable() {
        qb::pipeline::Comparison c = comparison_;
        c.details[0].kernels = {};
        qb::ComparisonView view;
        view.setComparison(c);
        QTabWidget* tabs = tabsOf(view);
        QVERIFY(!tabs->isTabVisible(tabs->indexOf(view.kernelTable())));
        QCOMPARE(view.kernelTable()->table()->rowCount(), 0);
        view.setComparison(comparison_); // and back
        QVERIFY(tabs->isTabVisible(tabs->indexOf(view.kernelTable())));
    }

    // Only with QB_SCREENSHOT_DIR: PaddleOCR's direction classifier W8A8 on eight rendered text
    // lines (its depthwise convolutions are the known case of int8 not being faster).
    void screenshotOfPaddleOcrClassifier() {
        if (qb::test::screenshotDir().isEmpty()) QSKIP("QB_SCREENSHOT_DIR not set");
        QTemporaryDir lines;
        QVERIFY(lines.isValid());
        for (int i = 0; i < 8; ++i) {
            QImage image(192, 48, QImage::Format_RGB888);
            image.fill(Qt::white);
            QPainter p(&image);
            p.setPen(Qt::black);
            p.setFont(QFont(QStringLiteral("DejaVu Sans"), 16));
            p.drawText(image.rect(), Qt::AlignCenter, QStringLiteral("Line %1: text %2").arg(i).arg(37 * i));
            p.end();
            QVERIFY(image.save(lines.filePath(QStringLiteral("line%1.png").arg(i))));
        }
        qb::pipeline::DataSpec data;
        data.path = lines.path().toStdString();
        data.image.scale = 1.f / 127.5f; // PaddleOCR cls: (x / 255 - 0.5) / 0.5 = x / 127.5 - 1
        data.image.mean = {1.f};
        const qb::pipeline::Comparison c = compareW8A8(kCls, data, 8);
        QVERIFY(!c.details.at(0).kernels.empty());
        qb::ComparisonView view;
        view.resize(1400, 800);
        view.setComparison(c);
        tabsOf(view)->setCurrentWidget(view.kernelTable());
        QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-kernels-ppocr-cls.png")));
        QVERIFY(qb::test::saveScreenshot(view.kernelTable(), QStringLiteral("kernels-ppocr-cls.png")));
    }

private:
    qb::pipeline::Comparison comparison_;
};

int runKernelTableGuiTests(int argc, char** argv) {
    KernelTableGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_kernel_table_gui.moc"
