// The Comparison panel on a language model (stories260K, W4 GPTQ against fp32, core's
// compareRuns): the per-layer chart has one point per weight matmul and a click names its tensor;
// the Generations tab shows each prompt with fp32's and the quantized run's continuation side by
// side, highlighted from the first token that differs. QB_SCREENSHOT_DIR=... saves both views.
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <qcustomplot.h>

#include "app/gui/MainWindow.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "widgets/ComparisonView.h"
#include "widgets/GenerationsView.h"
#include "widgets/LayerBrowser.h"
#include "screenshots.h"

namespace {

const std::string kStories = QB_SHARED_DIR "/models/llama2c/stories260K.bin";
const std::string kText = QB_SHARED_DIR "/data/tinystories/TinyStories-validation-excerpt.txt";

QString joined(const qb::pipeline::GeneratedText& t, size_t from) {
    QString s;
    for (size_t k = from; k < t.pieces.size(); ++k) s += QString::fromStdString(t.pieces[k]);
    return s;
}

} // namespace

class ComparisonLlmGuiTest : public QObject {
    Q_OBJECT
private slots:
    void initTestCase() {
        const auto model = qb::pipeline::openInput(kStories).model;
        qb::pipeline::DataSpec data;
        data.path = kText;
        data.context = 128;
        qb::pipeline::QuantizeRequest req;
        req.plan = qb::quant::parsePlan(R"({"default": {"bits": 4, "group": 32, "method": "gptq"}})", "test plan");
        req.planSource = "test plan";
        req.data = data;
        req.calibration.samples = 8;
        const std::vector<qb::pipeline::CompareVariant> variants{
            {"W4 GPTQ", *qb::pipeline::quantize(model, std::nullopt, req, {}).project.quantization}};
        comparison_ = qb::pipeline::compareRuns(
            model, variants, data, {.limit = 4, .latencySamples = 1, .layerSamples = 2, .generateTokens = 32}, {});
    }

    void layerChartHasEveryMatmulAndAClickNamesIt() {
        qb::ComparisonView view;
        view.resize(1400, 800);
        view.setComparison(comparison_);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCustomPlot* chart = view.layerChart();
        QVERIFY(chart->isVisible());
        const auto& layers = comparison_.details[0].layers;
        QCOMPARE(layers.size(), size_t(5 * 7 + 1));
        QCOMPARE(chart->graph(0)->dataCount(), 36);
        QCOMPARE(chart->graph(1)->dataCount(), 36);
        QCOMPARE(chart->graph(0)->data()->at(6)->value, layers[6].accumulatedDb);
        QCOMPARE(chart->graph(1)->data()->at(35)->value, layers[35].localDb);
        QSignalSpy clicked(&view, &qb::ComparisonView::layerClicked);
        chart->replot();
        QTest::mouseClick(chart, Qt::LeftButton, {}, QPoint(int(chart->xAxis->coordToPixel(6)), int(chart->yAxis->coordToPixel(15))));
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("blk.0.ffn_down.weight"));
        QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-stories260K-layers.png")));
    }

    // In the main window a clicked matmul is selected in the layer table.
    void clickingAMatmulSelectsItsTensor() {
        qb::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        window.openPath(QString::fromStdString(kStories));
        QVERIFY(opened.wait(60000));
        window.comparisonView()->setComparison(comparison_);
        QVERIFY(window.layerBrowser()->selectedTensor() != QStringLiteral("blk.3.attn_v.weight"));
        emit window.comparisonView()->layerClicked(QStringLiteral("blk.3.attn_v.weight"));
        QCOMPARE(window.layerBrowser()->selectedTensor(), QStringLiteral("blk.3.attn_v.weight"));
    }

    void generationsAreSideBySideWithTheDivergenceHighlighted() {
        qb::ComparisonView view;
        view.resize(1400, 800);
        view.setComparison(comparison_);
        auto* tabs = view.findChild<QTabWidget*>();
        const int tab = tabs->indexOf(view.generationsView());
        QVERIFY(tab >= 0);
        QVERIFY(tabs->isTabVisible(tab));
        QCOMPARE(tabs->tabText(tab), qb::ComparisonView::tr("Generations"));
        QTextDocument* doc = view.generationsView()->document();
        const QString shown = doc->toPlainText();
        // Every prompt, fp32's continuation and the run's are there.
        QCOMPARE(comparison_.generations.size(), size_t(3));
        const qb::pipeline::GeneratedText* earliest = nullptr;
        for (const qb::pipeline::Generation& g : comparison_.generations) {
            QVERIFY2(shown.contains(QString::fromStdString(g.prompt)), qPrintable(shown));
            QVERIFY(shown.contains(joined(g.runs[0], 0)));
            QVERIFY(shown.contains(joined(g.runs[1], 0)));
            if (g.runs[1].divergesAt >= 0 && (!earliest || g.runs[1].divergesAt < earliest->divergesAt)) earliest = &g.runs[1];
        }
        // The quantized text is highlighted from its first differing token on, not before it.
        QVERIFY2(earliest, "W4 GPTQ changes some continuation of stories260K within 32 tokens");
        const QString changed = joined(*earliest, size_t(earliest->divergesAt));
        const QTextCursor at = doc->find(changed);
        QVERIFY2(!at.isNull(), qPrintable(changed));
        QTextCursor inside(doc);
        inside.setPosition(at.selectionStart() + 1);
        QCOMPARE(inside.charFormat().background().color(), QColor(0xf8, 0xc9, 0xc9));
        if (earliest->divergesAt > 0) {
            inside.setPosition(at.selectionStart() - 1); // the token before: the same as fp32's, plain
            QVERIFY(inside.charFormat().background().style() == Qt::NoBrush);
        }
        QVERIFY(shown.contains(qb::GenerationsView::tr("differs from token %1 of %2").arg(earliest->divergesAt + 1).arg(32)));
        if (!qb::test::screenshotDir().isEmpty()) {
            tabs->setCurrentIndex(tab);
            QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("comparison-stories260K-generations.png")));
        }
        // Without generations (a classifier's comparison) the tab is hidden.
        qb::pipeline::Comparison none = comparison_;
        none.generations.clear();
        view.setComparison(none);
        QVERIFY(!tabs->isTabVisible(tab));
    }

private:
    qb::pipeline::Comparison comparison_;
};

int runComparisonLlmGuiTests(int argc, char** argv) {
    ComparisonLlmGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_comparison_llm_gui.moc"
