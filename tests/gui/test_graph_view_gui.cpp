// The comparison panel's Graph tab on real comparisons (core's compareRuns with the graph
// measured): mnist-12 W8A8 shows one box per node and a click on a layer's node names the layer
// (what selects it in the layer table); PP-OCRv4 det W8A8 (hundreds of nodes) is drawn whole, its
// int8 convolutions framed. QB_SCREENSHOT_DIR=... saves both for a person to look at.
#include <QDockWidget>
#include <QElapsedTimer>
#include <QGraphicsItem>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <array>
#include <cmath>
#include <map>

#include "core/datasets/idx_dataset.h"
#include "core/datasets/npy_file.h"
#include "core/pipeline/compare.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/quant/plan.h"
#include "app/gui/MainWindow.h"
#include "widgets/ComparisonView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/GraphView.h"
#include "screenshots.h"

namespace {

const std::string kMnist = QB_SHARED_DIR "/models/onnx/mnist-12.onnx";
const std::string kDet = QB_SHARED_DIR "/models/onnx/ch_PP-OCRv4_det_infer.onnx";
const std::string kDigits = QB_SHARED_DIR "/data/mnist";

qb::pipeline::Comparison w8a8(const std::string& modelPath, const qb::pipeline::DataSpec& data, int64_t samples) {
    const auto model = qb::pipeline::openInput(modelPath).model;
    qb::pipeline::QuantizeRequest req;
    req.plan = qb::quant::parsePlan(R"({"default": {"bits": 8, "act_bits": 8}})", "test plan");
    req.planSource = "test plan";
    req.data = data;
    req.calibration.samples = samples;
    const std::vector<qb::pipeline::CompareVariant> variants{
        {"W8A8", *qb::pipeline::quantize(model, std::nullopt, req, {}).project.quantization}};
    QElapsedTimer timer;
    timer.start();
    qb::pipeline::Comparison c = qb::pipeline::compareRuns(
        model, variants, data, {.limit = samples, .latencySamples = 1, .layerSamples = 2, .graph = true}, {});
    const qint64 all = timer.restart();
    (void)qb::pipeline::measureModelGraph(model, variants[0].quantization, data, 2, {});
    std::printf("%s: compareRuns %lld ms, of which the graph's measurement (2 images) about %lld ms\n",
                modelPath.substr(modelPath.rfind('/') + 1).c_str(), all, timer.elapsed());
    return c;
}

// Pages of dark MNIST digits in lines on white, ImageNet-normalised, [n,3,h,w] (text for the detector).
std::string writePages(const QString& dir, int64_t n, int64_t h, int64_t w) {
    const qb::ImageDataset digits = qb::readIdxDataset(kDigits);
    std::vector<float> x(size_t(n * 3 * h * w));
    const float mean[3] = {0.485f, 0.456f, 0.406f}, sd[3] = {0.229f, 0.224f, 0.225f};
    int64_t image = 0;
    for (int64_t p = 0; p < n; ++p) {
        std::vector<float> page(size_t(h * w), 1.f);
        for (int64_t y = 8; y + 28 <= h - 8; y += 40)
            for (int64_t x0 = 8; x0 + 28 <= w - 8; x0 += 28, ++image)
                for (int64_t r = 0; r < 28; ++r)
                    for (int64_t c = 0; c < 28; ++c)
                        page[size_t((y + r) * w + x0 + c)] = 1.f - digits.pixels[size_t(image * 784 + r * 28 + c)] / 255.f;
        for (int64_t c = 0; c < 3; ++c)
            for (int64_t k = 0; k < h * w; ++k) x[size_t(((p * 3 + c) * h * w) + k)] = (page[size_t(k)] - mean[c]) / sd[c];
    }
    const std::string path = (dir + QStringLiteral("/pages.npy")).toStdString();
    const int64_t shape[4] = {n, 3, h, w};
    qb::writeNpy(path, x, shape);
    return path;
}

int nodeItems(const qb::GraphView* view) {
    int n = 0;
    for (const QGraphicsItem* item : view->scene()->items()) n += item->type() == QGraphicsItem::UserType + 41;
    return n;
}

} // namespace

class GraphViewGuiTest : public QObject {
    Q_OBJECT
private slots:
    void mnistGraphTabShowsEveryNodeAndAClickNamesTheLayer() {
        qb::pipeline::DataSpec data;
        data.path = kDigits;
        const qb::pipeline::Comparison c = w8a8(kMnist, data, 16);
        const qb::pipeline::ModelGraph& g = c.details.at(0).graph;
        QCOMPARE(g.nodes.size(), size_t(12)); // mnist-12: 12 nodes (inspect)
        qb::ComparisonView view;
        view.resize(1200, 700);
        view.setComparison(c);
        auto* tabs = view.findChild<QTabWidget*>();
        qb::GraphView* graph = view.graphView();
        const int tab = tabs->indexOf(graph);
        QVERIFY(tab >= 0);
        QVERIFY(tabs->isTabVisible(tab));
        QCOMPARE(graph->nodeCount(), 12);
        QCOMPARE(nodeItems(graph), 12);
        tabs->setCurrentIndex(tab);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("graph-mnist12.png"))); // as it opens: legible, at the input
        graph->fitAll();

        // The second convolution's box: a click names its weight (the layer table selects it).
        int conv = -1;
        for (size_t k = 0; k < g.nodes.size(); ++k)
            if (g.nodes[k].weight == "Parameter87") conv = int(k);
        QVERIFY(conv >= 0);
        QSignalSpy clicked(&view, &qb::ComparisonView::layerClicked);
        const QPoint at = graph->mapFromScene(graph->nodeRect(conv).center());
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).toString(), QStringLiteral("Parameter87"));
        QCOMPARE(graph->selectedNode(), conv);
        // A click on empty canvas names nothing.
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, QPoint(2, graph->viewport()->height() - 2));
        QCOMPARE(clicked.count(), 1);
        QVERIFY(qb::test::saveScreenshot(&view, QStringLiteral("graph-mnist12-fit.png")));
    }

    // Without a comparison: the Graph dock shows the open model's nodes, nothing measured, and a
    // click on a layer's node selects it in the layer table.
    void graphDockShowsTheOpenModel() {
        qb::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        window.openPath(QString::fromStdString(kMnist));
        QVERIFY(opened.wait(30000));
        auto* dock = window.findChild<QDockWidget*>(QStringLiteral("graphDock"));
        QVERIFY(dock);
        dock->show();
        dock->raise();
        qb::GraphView* graph = window.modelGraphView();
        QVERIFY(QTest::qWaitFor([&] { return graph->nodeCount() == 12; }, 5000));
        QCOMPARE(graph->graph().samples, 0);
        for (const auto& n : graph->graph().nodes) {
            QCOMPARE(n.status, qb::pipeline::NodeStatus::Unmeasured);
            QCOMPARE(n.precision, qb::pipeline::NodePrecision::Fp32);
        }
        QVERIFY(graph->selectLayer(QStringLiteral("Parameter193")));
        const int matmul = graph->selectedNode();
        QCOMPARE(QString::fromStdString(graph->graph().nodes[size_t(matmul)].op), QStringLiteral("MatMul"));
        QTest::mouseClick(graph->viewport(), Qt::LeftButton, {}, graph->mapFromScene(graph->nodeRect(matmul).center()));
        QTRY_COMPARE(window.findChild<qb::LayerBrowser*>()->selectedTensor(), QStringLiteral("Parameter193"));
        // And the other way: a layer chosen in the table is marked in the graph.
        QVERIFY(window.selectTensor(QStringLiteral("Parameter5")));
        QTRY_COMPARE(graph->selectedNode() >= 0 ? QString::fromStdString(graph->graph().nodes[size_t(graph->selectedNode())].weight)
                                                : QString(),
                     QStringLiteral("Parameter5"));
        QVERIFY(qb::test::saveScreenshot(&window, QStringLiteral("graph-dock-mnist12.png")));
    }

    void ppocrDetGraphIsDrawnWhole() {
        QTemporaryDir dir;
        qb::pipeline::DataSpec data;
        data.path = writePages(dir.path(), 4, 96, 160);
        const qb::pipeline::Comparison c = w8a8(kDet, data, 4);
        const qb::pipeline::ModelGraph& g = c.details.at(0).graph;
        const auto model = qb::pipeline::openInput(kDet).model;
        QCOMPARE(g.nodes.size(), model->nodes.size());
        int int8 = 0, measured = 0;
        for (const auto& n : g.nodes) {
            int8 += n.precision == qb::pipeline::NodePrecision::Int8 && (n.op == "Conv" || n.op == "ConvTranspose");
            measured += n.status == qb::pipeline::NodeStatus::Measured;
        }
        std::map<std::string, std::array<int, 5>> byOp; // nodes, int8, measured, fused, constant
        for (const auto& n : g.nodes) {
            auto& c = byOp[n.op];
            ++c[0];
            c[1] += n.precision == qb::pipeline::NodePrecision::Int8;
            c[2] += n.status == qb::pipeline::NodeStatus::Measured;
            c[3] += n.status == qb::pipeline::NodeStatus::Fused;
            c[4] += n.status == qb::pipeline::NodeStatus::Constant;
        }
        for (const auto& [op, c] : byOp)
            std::printf("%-20s %4d nodes %4d int8 %4d measured %4d fused %4d constant\n", op.c_str(), c[0], c[1], c[2], c[3], c[4]);
        QCOMPARE(int8, 64); // every Conv and the two (patch) ConvTranspose (CLI test)
        QVERIFY2(measured > 100, qPrintable(QString::number(measured)));

        qb::GraphView view;
        view.resize(1600, 900);
        QElapsedTimer timer;
        timer.start();
        view.setGraph(g);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QImage start = view.grab().toImage(); // opens legible, at the inputs
        const qint64 drawn = timer.elapsed();
        QVERIFY(view.transform().m11() >= 0.7);
        view.fitAll();
        const QImage whole = view.grab().toImage();
        QCOMPARE(view.nodeCount(), int(model->nodes.size()) - 342); // its 342 Constant nodes are not drawn
        QCOMPARE(nodeItems(&view), view.nodeCount());
        std::printf("PP-OCRv4 det: %d nodes, %zu edges, %d columns, %zu crossings, set and drawn in %lld ms\n",
                    view.nodeCount(), g.layout.edges.size(), g.layout.rows, g.layout.crossings, qint64(drawn));
        QVERIFY2(drawn < 5000, qPrintable(QString::number(drawn)));
        // Zooming to 100 % on the first ConvTranspose (the head) stays quick.
        timer.restart();
        view.zoomBy(1.0 / view.transform().m11()); // 100 %
        QVERIFY(view.selectLayer(QString::fromStdString(
            std::find_if(g.nodes.begin(), g.nodes.end(), [](const auto& n) { return n.op == "ConvTranspose"; })->weight)));
        const QImage zoomed = view.grab().toImage();
        std::printf("zoomed in and drawn in %lld ms\n", qint64(timer.elapsed()));
        QVERIFY(qb::test::saveScreenshot(start, QStringLiteral("graph-ppocr-det-w8a8.png")));
        QVERIFY(qb::test::saveScreenshot(whole, QStringLiteral("graph-ppocr-det-w8a8-whole.png")));
        QVERIFY(qb::test::saveScreenshot(zoomed, QStringLiteral("graph-ppocr-det-w8a8-zoomed.png")));
    }
};

int runGraphViewGuiTests(int argc, char** argv) {
    GraphViewGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_graph_view_gui.moc"
