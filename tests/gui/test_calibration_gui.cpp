// Calibration in the window: Model > Calibrate on mnist-12 and MNIST through the dialog and the
// job, the clip views, saving and reopening the project, a changed model refused, Cancel, dragging
// the clip line and clicking the layer overview.
// Reference figures, not from our code:
//   /usr/bin/python3 -c "import onnx; m=onnx.load('mnist-12.onnx'); print([(i.name, i.dims) for i in m.graph.initializer])"
//   -> the quantizable weights Parameter5 [8,1,5,5] (Conv), Parameter87 [16,8,5,5] (Conv) and
//      Parameter193 [16,4,4,10] (reshaped for the MatMul): 3 layers.
//   /usr/bin/python3 -c "import gzip,numpy as np; d=np.frombuffer(gzip.open('t10k-images-idx3-ubyte.gz').read()[16:],
//     np.uint8).reshape(-1,784); print(d.min(1).max(), (d.max(1)==255).mean())"
//   -> every test image has a 0 pixel, 89.8 % of them a 255 pixel: the raw pixels the first conv sees
//      span [0, 255] (the chosen images' maximum is checked below over their full data).
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <memory>
#include <qcustomplot.h>

#include "app/gui/CalibrationDialog.h"
#include "app/gui/JobProgressWidget.h"
#include "app/gui/MainWindow.h"
#include "core/calib/calibration_stats.h"
#include "core/domain/calibration.h"
#include "core/formats/project_file.h"
#include "core/datasets/image_dataset.h"
#include "core/stats/clip_search.h"
#include "widgets/ClipHistogramPlot.h"
#include "widgets/ClipHistogramView.h"
#include "jobs_settled.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LayerOverview.h"
#include "screenshots.h"

namespace {

const QString kMnistModel = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
const QString kMnistData = QStringLiteral(QB_SHARED_DIR "/data/mnist");
constexpr int kTimeoutMs = 120000;
constexpr int kSamples = 16;
constexpr uint64_t kSeed = 3;

qb::CalibrationRequest mnistRequest(int64_t samples) {
    qb::CalibrationRequest r;
    r.data.dataPath = kMnistData;
    r.samples = samples;
    r.seed = kSeed;
    return r;
}

void sendMouse(QWidget* w, QEvent::Type type, double x, double y, Qt::MouseButtons buttons) {
    const QPointF local(x, y);
    QMouseEvent e(type, local, w->mapToGlobal(local), Qt::LeftButton, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(w, &e);
}

} // namespace

class CalibrationGuiTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { window_.reset(); }

    void dialogCalibratesMnist() {
        openWindow(kMnistModel);
        QVERIFY(window_->calibrateAction()->isEnabled());
        QVERIFY(!window_->saveProjectAction()->isEnabled());
        window_->showCalibrateDialog();
        auto* dialog = window_->findChild<qb::CalibrationDialog*>();
        QVERIFY(dialog);
        dialog->dataEdit()->setText(kMnistData);
        dialog->samplesBox()->setValue(kSamples);
        dialog->findChild<QSpinBox*>(QStringLiteral("calibSeed"))->setValue(int(kSeed));
        // The preprocessing is Evaluate's: remembered per model, so set the raw-pixel defaults.
        dialog->findChild<QLineEdit*>(QStringLiteral("calibScale"))->setText(QStringLiteral("1"));
        dialog->findChild<QLineEdit*>(QStringLiteral("calibMean"))->setText(QStringLiteral("0"));
        dialog->findChild<QLineEdit*>(QStringLiteral("calibStd"))->setText(QStringLiteral("1"));
        // QB_SCREENSHOT_DIR=... keeps a picture of the dialog for a person to look at.
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("calibrate-dialog.png")));
        QSignalSpy finished(window_.get(), &qb::MainWindow::calibrationFinished);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(kTimeoutMs));

        const qb::Project* project = window_->project();
        QVERIFY(project);
        QCOMPARE(project->calibration.layers.size(), size_t(3));
        QCOMPARE(project->calibration.layers[0].name, std::string("Parameter5"));
        QCOMPARE(project->calibration.samplesUsed, int64_t(kSamples));
        QVERIFY(window_->isWindowModified());
        QVERIFY(window_->windowTitle().contains(QStringLiteral("[*]")));
        QVERIFY(window_->projectPath().isEmpty());
        QVERIFY(window_->saveProjectAction()->isEnabled());

        // The first quantizable layer is selected on opening, so its views are on screen.
        const qb::ImageDataset data = qb::loadDataset(kMnistData.toStdString());
        uint8_t top = 0;
        for (const int64_t k : qb::chooseSamples(data.count, kSamples, kSeed)) {
            const auto image = data.pixels.begin() + k * 784;
            top = std::max(top, *std::max_element(image, image + 784));
        }
        QCOMPARE(int(top), 255);
        QCOMPARE(window_->clipView()->layer(), QStringLiteral("Parameter5"));
        QVERIFY2(activationRange().startsWith(QStringLiteral("range [0, 255] ")), qPrintable(activationRange()));
    }

    void saveAndReopenShowTheSameNumbers() {
        calibrateMnist(kMnistModel);
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("mnist.qbproj"));
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProjectAs(file));
        // A job: the call returns at once, the window shows it, the project is not saved yet.
        QCOMPARE(saved.count(), 0);
        QVERIFY(window_->workspace()->isBusy(qb::Workspace::JobKind::Save));
        QCOMPARE(window_->jobProgress()->stageText(), QStringLiteral("Saving mnist.qbproj"));
        QVERIFY(window_->isWindowModified());
        QVERIFY(saved.wait(kTimeoutMs));
        QCOMPARE(saved.count(), 1);
        QCOMPARE(saved.first().first().toString(), file);
        QVERIFY(!window_->isWindowModified());
        QCOMPARE(window_->projectPath(), file);
        QCOMPARE(window_->windowFilePath(), file);
        QCOMPARE(qb::readProject(file.toStdString()).calibration.layers.size(), size_t(3));
        const QString range = activationRange();
        const QString weightRange = window_->clipView()->weightPlot()->rangeLabel()->text();
        const QString mseLabel = window_->clipView()->activationPlot()->clipLabel(qb::ClipMethod::Mse);
        QVERIFY(!mseLabel.isEmpty());

        openWindow(file); // a fresh window, as from the command line or File > Open
        QVERIFY(window_->project());
        QCOMPARE(window_->project()->calibration.layers.size(), size_t(3));
        QCOMPARE(window_->projectPath(), file);
        QVERIFY(!window_->isWindowModified());
        QCOMPARE(window_->clipView()->layer(), QStringLiteral("Parameter5"));
        QCOMPARE(activationRange(), range);
        QCOMPARE(window_->clipView()->weightPlot()->rangeLabel()->text(), weightRange);
        QCOMPARE(window_->clipView()->activationPlot()->clipLabel(qb::ClipMethod::Mse), mseLabel);
        QVERIFY(activationRange().startsWith(QStringLiteral("range [0, 255] ")));
    }

    void failedSaveShowsAMessageBox() {
        calibrateMnist(kMnistModel, 4);
        const QString file = QStringLiteral("/nonexistent/dir/mnist.qbproj");
        QSignalSpy failed(window_.get(), &qb::MainWindow::projectSaveFailed);
        QVERIFY(window_->saveProjectAs(file));
        QVERIFY(failed.wait(kTimeoutMs));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(file + QStringLiteral(": cannot create")), qPrintable(message));
        auto* box = window_->findChild<QMessageBox*>(QStringLiteral("saveErrorBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->text(), message);
        QVERIFY(window_->isWindowModified());
        QVERIFY(window_->projectPath().isEmpty());
        box->close();
    }

    void changedModelIsRefusedInAMessageBox() {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("mnist-12.onnx"));
        QVERIFY(QFile::copy(kMnistModel, model));
        calibrateMnist(model, 4);
        const QString file = dir.filePath(QStringLiteral("changed.qbproj"));
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProjectAs(file));
        QVERIFY(saved.wait(kTimeoutMs));
        {
            QFile f(model);
            QVERIFY(f.open(QIODevice::Append));
            f.write("x"); // same format, different content
        }
        window_.reset();
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QSignalSpy failed(window_.get(), &qb::MainWindow::projectFailed);
        window_->openPath(file);
        QVERIFY(failed.wait(kTimeoutMs));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(model), qPrintable(message));
        auto* box = window_->findChild<QMessageBox*>(QStringLiteral("projectErrorBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->informativeText(), message);
        QVERIFY(!window_->project());
        QVERIFY(!window_->model());
        box->close();
    }

    void cancelLeavesNothing() {
        QTemporaryDir dir;
        const QString model = dir.filePath(QStringLiteral("mnist-12.onnx"));
        QVERIFY(QFile::copy(kMnistModel, model));
        openWindow(model);
        QSignalSpy cancelled(window_->workspace(), &qb::Workspace::jobCancelled);
        QSignalSpy finished(window_.get(), &qb::MainWindow::calibrationFinished);
        QVERIFY(window_->calibrate(mnistRequest(10000)));
        QVERIFY(window_->jobProgress()->cancelButton()->isEnabled());
        window_->jobProgress()->cancelButton()->click();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QCOMPARE(cancelled.first().first().value<qb::Workspace::JobKind>(), qb::Workspace::JobKind::Calibration);
        QVERIFY(qb::test::jobsSettled(*window_->workspace(), kTimeoutMs));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!window_->project());
        QVERIFY(!window_->saveProjectAction()->isEnabled());
        QVERIFY(!window_->saveProject());
        // Nothing but the model beside it: no project, no temporary file.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("mnist-12.onnx")});
    }

    void draggingTheClipLineUpdatesTheSqnr() {
        calibrateMnist(kMnistModel);
        qb::ClipHistogramPlot* plot = window_->clipView()->activationPlot();
        QCustomPlot* cp = plot->plot();
        const double y = cp->axisRect()->rect().center().y();
        const double from = cp->xAxis->coordToPixel(plot->clipHi());
        const double to = cp->xAxis->coordToPixel(100.0);
        QSignalSpy moved(plot, &qb::ClipHistogramPlot::clipChanged);
        sendMouse(cp, QEvent::MouseButtonPress, from, y, Qt::LeftButton);
        sendMouse(cp, QEvent::MouseMove, (from + to) / 2, y, Qt::LeftButton);
        sendMouse(cp, QEvent::MouseMove, to, y, Qt::LeftButton);
        sendMouse(cp, QEvent::MouseButtonRelease, to, y, Qt::NoButton);
        QCOMPARE(moved.count(), 2);
        // Within a pixel of where the mouse let go; the activation is never negative: [0, hi].
        const double pixel = std::abs(cp->xAxis->pixelToCoord(1) - cp->xAxis->pixelToCoord(0));
        QVERIFY2(std::abs(plot->clipHi() - 100.0) <= pixel, qPrintable(QString::number(plot->clipHi())));
        QCOMPARE(plot->clipLo(), 0.0);
        const qb::ValueStats& a = window_->project()->calibration.layers[0].activation;
        const double expected = qb::sqnrDb(qb::BinnedDensity::of(a.histogram, a.min, a.max),
                                           qb::QuantGrid::forRange(0.0, plot->clipHi(), 8, false));
        QCOMPARE(plot->clipSqnrDb(), expected);
        QVERIFY2(plot->sqnrLabel()->text().contains(qb::sqnrText(expected)), qPrintable(plot->sqnrLabel()->text()));

        // The bit-width moves the grid: at 4 bits the same range loses more.
        window_->clipView()->setBits(4);
        const double at4 = qb::sqnrDb(qb::BinnedDensity::of(a.histogram, a.min, a.max),
                                      qb::QuantGrid::forRange(0.0, plot->clipHi(), 4, false));
        QCOMPARE(plot->clipSqnrDb(), at4);
        QVERIFY(at4 < expected);
        QVERIFY(plot->gridLabel()->text().contains(QStringLiteral("16")));
    }

    void clickingTheOverviewSelectsTheLayer() {
        calibrateMnist(kMnistModel);
        qb::LayerOverview* overview = window_->layerOverview();
        QCOMPARE(overview->layerCount(), 3);
        QCOMPARE(overview->selectedIndex(), 0);
        QVERIFY(overview->isVisible());
        QTest::mouseClick(overview, Qt::LeftButton, {}, overview->layerRect(1).center());
        QCOMPARE(window_->layerBrowser()->selectedTensor(), QStringLiteral("Parameter87"));
        QCOMPARE(window_->clipView()->layer(), QStringLiteral("Parameter87"));
        QCOMPARE(overview->selectedIndex(), 1);
        // And the other way: the table's selection is highlighted in the overview.
        QVERIFY(window_->selectTensor(QStringLiteral("Parameter193")));
        QCOMPARE(overview->selectedIndex(), 2);
        QCOMPARE(window_->clipView()->layer(), QStringLiteral("Parameter193"));
    }

private:
    QString activationRange() const { return window_->clipView()->activationPlot()->rangeLabel()->text(); }

    void openWindow(const QString& path) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(path);
        QVERIFY(opened.wait(kTimeoutMs));
    }

    void calibrateMnist(const QString& model, int64_t samples = kSamples) {
        openWindow(model);
        QSignalSpy finished(window_.get(), &qb::MainWindow::calibrationFinished);
        QVERIFY(window_->calibrate(mnistRequest(samples)));
        QVERIFY(finished.wait(kTimeoutMs));
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runCalibrationGuiTests(int argc, char** argv) {
    CalibrationGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_calibration_gui.moc"
