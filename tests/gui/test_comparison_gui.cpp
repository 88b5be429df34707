// The Comparison panel on a real comparison (mnist-12, W8A8 and W4 against fp32, core's
// compareRuns): one row per run with its figures, the per-layer chart along depth, samples
// largest KL first, switching the quantized run, and Model > Compare with fp32 enabled only for a
// quantized project.
#include <QAction>
#include <QComboBox>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>
#include <qcustomplot.h>

#include "app/gui/MainWindow.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "widgets/ComparisonView.h"

namespace {

const std::string kModel = QB_SHARED_DIR "/models/onnx/mnist-12.onnx";
const std::string kData = QB_SHARED_DIR "/data/mnist";

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
        if (const QString dir = qEnvironmentVariable("QB_SCREENSHOT_DIR"); !dir.isEmpty()) {
            view.findChild<QComboBox*>()->setCurrentIndex(0);
            QVERIFY(view.grab().save(dir + QStringLiteral("/comparison-mnist12.png")));
        }
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
