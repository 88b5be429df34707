// The main window on a real model: the table, filtering, numeric sorting and a weight's histogram.
// Reference numbers come from python3-onnx, not from our code:
//   /usr/bin/python3 -c "import onnx,numpy as np; from onnx import numpy_helper as h;
//     m=onnx.load('mnist-12.onnx'); d={i.name: h.to_array(i) for i in m.graph.initializer};
//     print(len(d), sum(a.size for a in d.values())); a=d['Parameter87'];
//     print(a.shape, a.min(), a.max(), a.mean(), a.std())"
//   -> 8 initializers, 5998 values; Parameter87 (16, 8, 5, 5) min -0.50885791 max 0.56472117
//      mean -0.0302846 std 0.1463555
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileInfo>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>
#include <atomic>
#include <cmath>
#include <sys/resource.h>
#include <chrono>
#include <numeric>
#include <thread>

#include "app/gui/MainWindow.h"
#include "widgets/ChannelRangeView.h"
#include "widgets/HistogramView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LayerTableModel.h"
#include "widgets/MemoryIndicator.h"
#include "widgets/TextFormat.h"

namespace {

const QString kMnist = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");

int rowOf(const QSortFilterProxyModel* proxy, const QString& name) {
    for (int row = 0; row < proxy->rowCount(); ++row) {
        if (proxy->index(row, qb::LayerTableModel::ColName).data().toString() == name) {
            return row;
        }
    }
    return -1;
}

QString cell(const QSortFilterProxyModel* proxy, int row, int column) {
    return proxy->index(row, column).data().toString();
}

} // namespace

class MainWindowTest : public QObject {
    Q_OBJECT
private slots:
    void init() {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        // What the user sees the moment the model is open, before any histogram job has run.
        connect(window_.get(), &qb::MainWindow::modelOpened, this, [this] {
            rowsAtOpen_ = window_->layerBrowser()->proxyModel()->rowCount();
            histogramAtOpen_ = window_->histogramView()->summary() != nullptr;
        });
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(kMnist);
        QVERIFY(opened.wait(30000));
    }
    void cleanup() { window_.reset(); }

    void listsEveryTensor() {
        QCOMPARE(rowsAtOpen_, 8);
        QVERIFY(!histogramAtOpen_);
        QSortFilterProxyModel* proxy = window_->layerBrowser()->proxyModel();
        QCOMPARE(proxy->rowCount(), 8);
        const int row = rowOf(proxy, QStringLiteral("Parameter87"));
        QVERIFY(row >= 0);
        QCOMPARE(cell(proxy, row, qb::LayerTableModel::ColShape), QStringLiteral("[16, 8, 5, 5]"));
        QCOMPARE(cell(proxy, row, qb::LayerTableModel::ColDType), QStringLiteral("f32"));
        QCOMPARE(proxy->index(row, qb::LayerTableModel::ColParams).data(qb::LayerTableModel::SortRole).toLongLong(),
                 3200);
        QCOMPARE(proxy->index(row, qb::LayerTableModel::ColBytes).data(qb::LayerTableModel::SortRole).toLongLong(),
                 3200 * 4);
        qlonglong params = 0;
        for (int r = 0; r < proxy->rowCount(); ++r) {
            params += proxy->index(r, qb::LayerTableModel::ColParams).data(qb::LayerTableModel::SortRole).toLongLong();
        }
        QCOMPARE(params, 5998);
        QVERIFY(window_->layerBrowser()->totalsText().contains(QLocale().toString(5998)));
    }

    void filterReducesRows() {
        qb::LayerBrowser* layers = window_->layerBrowser();
        QSortFilterProxyModel* proxy = layers->proxyModel();
        QVERIFY(layers->setFilter(QStringLiteral("parameter8")));
        QCOMPARE(proxy->rowCount(), 2); // Parameter87, Parameter88
        QVERIFY(layers->setFilter(QStringLiteral("^Parameter\\d+$"), true));
        QCOMPARE(proxy->rowCount(), 6); // not the two *_reshape*_shape tensors
        QVERIFY(!layers->setFilter(QStringLiteral("("), true));
        QVERIFY(layers->setFilter(QString()));
        QCOMPARE(proxy->rowCount(), 8);
    }

    void sortsNumerically() {
        QTableView* view = window_->layerBrowser()->tableView();
        QSortFilterProxyModel* proxy = window_->layerBrowser()->proxyModel();
        view->sortByColumn(qb::LayerTableModel::ColParams, Qt::DescendingOrder);
        // As text, "8" > "3,200"; as numbers 3200 is the largest.
        QCOMPARE(cell(proxy, 0, qb::LayerTableModel::ColName), QStringLiteral("Parameter87"));
        QCOMPARE(cell(proxy, 1, qb::LayerTableModel::ColName), QStringLiteral("Parameter193"));
        QCOMPARE(cell(proxy, 2, qb::LayerTableModel::ColName), QStringLiteral("Parameter5"));
        view->sortByColumn(qb::LayerTableModel::ColParams, Qt::AscendingOrder);
        QCOMPARE(proxy->index(0, qb::LayerTableModel::ColParams).data(qb::LayerTableModel::SortRole).toLongLong(), 2);
    }

    void histogramOfSelectedWeight() {
        QSignalSpy analyzed(window_.get(), &qb::MainWindow::tensorAnalyzed);
        QVERIFY(window_->selectTensor(QStringLiteral("Parameter87")));
        QTRY_VERIFY_WITH_TIMEOUT(window_->histogramView()->tensorName() == QStringLiteral("Parameter87"), 30000);
        QVERIFY(!analyzed.isEmpty());

        const qb::TensorSummary* summary = window_->histogramView()->summary();
        QVERIFY(summary);
        QCOMPARE(summary->histogram.counts.size(), size_t(2048));
        const int64_t total = std::accumulate(summary->histogram.counts.begin(), summary->histogram.counts.end(),
                                              int64_t(0));
        QCOMPARE(total, int64_t(3200));
        QCOMPARE(summary->stats.count, int64_t(3200));
        QCOMPARE(summary->stats.nanCount + summary->stats.infCount, int64_t(0));
        QVERIFY(qAbs(summary->stats.min - -0.50885791) < 1e-6);
        QVERIFY(qAbs(summary->stats.max - 0.56472117) < 1e-6);
        QVERIFY(qAbs(summary->stats.mean - -0.0302846) < 1e-5);
        QVERIFY(qAbs(summary->stats.std - 0.1463555) < 1e-4);
        // Conv weights are OIHW: 16 output channels along axis 0.
        QCOMPARE(window_->channelRangeView()->channelCount(), 16);

        window_->histogramView()->setLogScale(true);
        QVERIFY(window_->histogramView()->logScale());
        QCOMPARE(window_->histogramView()->summary()->histogram.counts.size(), size_t(2048));
    }

    void selectingCancelsRunningAnalysis() {
        // Stand-in for a slow histogram: spins until cancelled.
        std::atomic<bool> sawCancel{false};
        window_->workspace()->start<int>(qb::Workspace::JobKind::Analysis, QStringLiteral("slow"),
                                         [&sawCancel](qb::JobContext& job) -> int {
                                             while (!job.cancelled()) {
                                                 std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                             }
                                             sawCancel = true;
                                             throw qb::Cancelled();
                                         },
                                         {});
        QSignalSpy analyzed(window_.get(), &qb::MainWindow::tensorAnalyzed);
        QVERIFY(window_->selectTensor(QStringLiteral("Parameter5")));
        QVERIFY(analyzed.wait(30000));
        QCOMPARE(analyzed.at(0).at(0).toString(), QStringLiteral("Parameter5"));
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel.load(), 10000);
        QCOMPARE(window_->histogramView()->tensorName(), QStringLiteral("Parameter5"));
    }

    void statusBarShowsTheProcessMemory() {
        // VmHWM against the kernel's other account of the same peak, getrusage's ru_maxrss.
        const auto m = qb::processMemory();
        QVERIFY(m.has_value());
        rusage usage{};
        QCOMPARE(getrusage(RUSAGE_SELF, &usage), 0);
        const double maxrss = double(usage.ru_maxrss) * 1024.0;
        QVERIFY2(std::abs(double(m->peak) - maxrss) <= 0.05 * maxrss,
                 qPrintable(QStringLiteral("VmHWM %1, ru_maxrss %2").arg(m->peak).arg(maxrss)));
        QVERIFY(m->resident > (uint64_t(10) << 20) && m->resident <= m->peak);
        auto* label = window_->findChild<qb::MemoryIndicator*>(QStringLiteral("memoryIndicator"));
        QVERIFY(label != nullptr);
        QVERIFY(label->isVisible());
        QVERIFY2(label->text().contains(qb::bytesText(m->peak).section(QLatin1Char(' '), 1)),
                 qPrintable(label->text())); // the unit of the peak, at least: the figure moves
    }

    void remembersRecentFiles() {
        const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        QVERIFY(!recent.isEmpty());
        QCOMPARE(recent.first(), QFileInfo(kMnist).absoluteFilePath());
    }

    void droppedFileOpens() {
        const QString other = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-8.onnx");
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(other)});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window_.get(), &enter);
        QVERIFY(enter.isAccepted());
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(window_.get(), &drop);
        QVERIFY(opened.wait(30000));
        QCOMPARE(opened.at(0).at(0).toString(), other);
        QCOMPARE(QString::fromStdString(window_->model()->path), other);
    }

    void reportsOpenErrors() {
        QSignalSpy failed(window_.get(), &qb::MainWindow::openFailed);
        window_->openPath(QStringLiteral(QB_SHARED_DIR "/models/PROVENANCE.md"));
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.at(0).at(0).toString().contains(QStringLiteral("PROVENANCE.md")));
        QCOMPARE(window_->layerBrowser()->proxyModel()->rowCount(), 8); // the open model stays
    }

private:
    std::unique_ptr<qb::MainWindow> window_;
    int rowsAtOpen_ = -1;
    bool histogramAtOpen_ = true;
};

int runMainWindowTests(int argc, char** argv) {
    MainWindowTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_main_window.moc"
