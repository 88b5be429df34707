// The Comparison panel on a real comparison (mnist-12, W8A8 and W4 against fp32, core's
// compareRuns): one row per run with its figures, the per-layer chart along depth, samples
// largest KL first, switching the quantized run, and Model > Compare with fp32 enabled only for a
// quantized project.
#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QFile>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTextBrowser>
#include <qcustomplot.h>

#include "app/gui/MainWindow.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "widgets/ComparisonView.h"
#include "screenshots.h"

namespace {

const std::string kModel = QB_SHARED_DIR "/models/onnx/mnist-12.onnx";
const std::string kData = QB_SHARED_DIR "/data/mnist";
const std::string kStories = QB_SHARED_DIR "/models/llama2c/stories260K.bin";
const std::string kText = QB_SHARED_DIR "/data/tinystories/TinyStories-validation-excerpt.txt";

qb::ProjectQuantization quantized(const std::shared_ptr<const qb::Model>& model, const char* plan) {
    qb::pipeline::QuantizeRequest req;
    req.plan = qb::quant::parsePlan(plan, "test plan");
    req.planSource = "test plan";
    req.data.path = kData;
    req.calibration.samples = 16;
    return *qb::pipeline::quantize(model, std::nullopt, req, {}).project.quantization;
}

} // namespace

class ComparisonGuiTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const auto model = qb::pipeline::openInput(kModel).model;
        qb::pipeline::DataSpec data;
        data.path = kData;
        const std::vector<qb::pipeline::CompareVariant> variants{
            {"W8A8", quantized(model, R"({"default": {"bits": 8, "act_bits": 8}})")},
            {"W4", quantized(model, R"({"default": {"bits": 4}})")}};
        comparison_ = qb::pipeline::compareRuns(model, variants, data, {.limit = 120, .latencySamples = 2, .layerSamples = 2}, {});
    }

    void showsRunsLayersAndSamples() {
        qb::ComparisonView view;
        view.resize(1000, 600);
        view.setComparison(comparison_);
        QTableWidget* runs = view.runsTable();
        QCOMPARE(runs->rowCount(), 3);
        QCOMPARE(runs->item(0, 0)->text(), QStringLiteral("fp32"));
        QCOMPARE(runs->item(2, 0)->text(), QStringLiteral("W4"));
        QCOMPARE(runs->item(0, 5)->text(), qb::ComparisonView::tr("exact")); // fp32 against itself
        QVERIFY(runs->item(1, 1)->text().contains(QLocale().toString(100.0 * comparison_.runs[1].value, 'f', 2)));
        // The chart: one point per layer for both series, W8A8 first.
        QCustomPlot* chart = view.layerChart();
        QCOMPARE(chart->graph(0)->dataCount(), 3);
        QCOMPARE(chart->graph(1)->dataCount(), 3);
        QCOMPARE(chart->graph(0)->data()->at(0)->value, comparison_.details[0].layers[0].accumulatedDb);
        QTableWidget* samples = view.samplesTable();
        QCOMPARE(samples->rowCount(), 120);
        QCOMPARE(samples->item(0, 0)->text(), QString::number(comparison_.details[0].samples[0].index));
        // Another quantized run: its layers and samples.
        view.findChild<QComboBox*>()->setCurrentIndex(1);
        QCOMPARE(chart->graph(1)->data()->at(2)->value, comparison_.details[1].layers[2].localDb);
        QCOMPARE(samples->item(0, 0)->text(), QString::number(comparison_.details[1].samples[0].index));
        QVERIFY(comparison_.details[1].samples[0].kl > 0);
        // For the issue's closing note: QB_SCREENSHOT_DIR=... saves what the panel shows.
        if (!qb::test::screenshotDir().isEmpty()) {
            view.findChild<QComboBox*>()->setCurrentIndex(0);
            QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-mnist12.png")));
        }
    }

    // A language model: the Text tab shows the scored text in order, each token coloured by its
    // log-probability change; the text is the data's own (checked against the file, not our code).
    void languageModelTextIsShownInOrder() {
        const auto model = qb::pipeline::openInput(kStories).model;
        qb::pipeline::DataSpec data;
        data.path = kText;
        data.context = 64;
        qb::pipeline::QuantizeRequest req;
        req.plan = qb::quant::parsePlan(R"({"default": {"bits": 4, "group": 32}})", "test plan");
        req.planSource = "test plan";
        const std::vector<qb::pipeline::CompareVariant> variants{
            {"W4", *qb::pipeline::quantize(model, std::nullopt, req, {}).project.quantization}};
        const qb::pipeline::Comparison c =
            qb::pipeline::compareRuns(model, variants, data, {.limit = 3, .latencySamples = 1, .layerSamples = 0}, {});
        qb::ComparisonView view;
        view.resize(1000, 600);
        view.setComparison(c);
        auto* tabs = view.findChild<QTabWidget*>();
        QVERIFY(tabs->isTabVisible(1));
        QString shown = view.textView()->toPlainText();
        QCOMPARE(shown.size() > 100, true);
        QFile file(QString::fromStdString(kText));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(file.read(1 << 20));
        // The first window's first scored token follows BOS: its dummy-prefix space is not in the file.
        QVERIFY2(text.contains(shown.trimmed().left(200)), qPrintable(shown.left(200)));
        // The label column names the token; the worst record is the first row.
        const qb::pipeline::SampleRecord& worst = c.details[0].samples[0];
        QCOMPARE(view.samplesTable()->item(0, 1)->text(), QStringLiteral("\u201c%1\u201d").arg(QString::fromStdString(worst.text)));
        QVERIFY(worst.candidateLogProb != worst.referenceLogProb);
        if (!qb::test::screenshotDir().isEmpty()) {
            tabs->setCurrentIndex(1);
            QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-stories260K.png")));
        }
        // A classifier has no text: the tab is hidden.
        view.setComparison(comparison_);
        QVERIFY(!tabs->isTabVisible(1));
    }

    void clickingALayerNamesIt() {
        qb::ComparisonView view;
        view.resize(1000, 600);
        view.setComparison(comparison_);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy clicked(&view, &qb::ComparisonView::layerClicked);
        QCustomPlot* chart = view.layerChart();
        chart->replot();
        const QPoint at(int(chart->xAxis->coordToPixel(1)), int(chart->yAxis->coordToPixel(20)));
        QTest::mouseClick(chart, Qt::LeftButton, {}, at);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("Parameter87"));
    }

    void compareActionNeedsAQuantizedProject() {
        qb::MainWindow window;
        QVERIFY(window.compareAction());
        QVERIFY(!window.compareAction()->isEnabled());
        QVERIFY(!window.compareWithFp32()); // no project: refused, said in the log
    }

private:
    qb::pipeline::Comparison comparison_;
};

int runComparisonGuiTests(int argc, char** argv) {
    ComparisonGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_comparison_gui.moc"
