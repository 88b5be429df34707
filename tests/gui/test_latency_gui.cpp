// Latency in the window: Model > Measure Latency on mnist-12 as a job, the table joining the
// unsaved project, the budget meter's predicted latency (fp32 and the plan's, as
// quant::predictLatencyMs says), a table of another thread count not shown, and Cancel.
// QB_SCREENSHOT_DIR=... keeps pictures of the plan editor.
#include <QDir>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <algorithm>
#include <memory>

#include "app/gui/JobProgressWidget.h"
#include "app/gui/MainWindow.h"
#include "core/quant/latency_model.h"
#include "widgets/BudgetMeter.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "jobs_settled.h"
#include "screenshots.h"

namespace {

const QString kMnistModel = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/llama2c/stories260K.bin");
constexpr int kTimeoutMs = 300000;

QString ms(double v) { return QLocale().toString(v, 'g', 4); }

} // namespace

class LatencyGuiTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { window_.reset(); }

    void meterShowsThePredictedLatency() {
        openWindow(kMnistModel);
        qb::BudgetMeter* meter = window_->planEditor()->budget();
        qb::PlanDocument* doc = window_->planEditor()->document();
        QVERIFY2(meter->latencyText().contains(QStringLiteral("—")), qPrintable(meter->latencyText()));
        QVERIFY(window_->latencyAction()->isEnabled());

        QSignalSpy finished(window_.get(), &qb::MainWindow::latencyFinished);
        window_->latencyAction()->trigger();
        QVERIFY(window_->workspace()->isBusy(qb::Workspace::JobKind::Latency));
        QVERIFY(finished.wait(kTimeoutMs));
        const qb::Project* project = window_->project();
        QVERIFY(project && project->latency);
        QVERIFY(window_->isWindowModified());
        QCOMPARE(project->latency->layers.size(), size_t(3));
        QCOMPARE(doc->latency(), &*project->latency);

        // Every layer f32: the prediction is the fp32 figure.
        double fp32 = project->latency->restMs;
        for (const qb::LayerLatency& l : project->latency->layers) fp32 += l.f32Ms;
        QVERIFY2(meter->latencyText().contains(ms(fp32)), qPrintable(meter->latencyText()));
        // W8A8: each layer's int8 time, as the core predicts it; the fp32 figure stays beside it.
        doc->setPlan(qb::quant::parsePlan(R"({"default": {"bits": 8, "act_bits": 8}})", "test"));
        const double w8a8 = qb::quant::predictLatencyMs(*project->latency, *window_->model(), doc->resolved());
        QVERIFY(w8a8 != fp32);
        QVERIFY2(meter->latencyText().contains(ms(w8a8) + QStringLiteral(" ms (")), qPrintable(meter->latencyText()));
        QVERIFY2(meter->latencyText().contains(ms(fp32)), qPrintable(meter->latencyText()));

        window_->resize(1400, 900);
        QTest::qWait(200);
        QVERIFY(qb::test::saveScreenshot(window_->planEditor(), QStringLiteral("latency-plan-editor.png")));
        QVERIFY(qb::test::saveScreenshot(window_.get(), QStringLiteral("latency-window.png")));

        // A table of another thread count would predict wrong times: the meter shows none.
        auto stale = std::make_shared<qb::Project>(*project);
        stale->latency->key.threads += 1;
        window_->workspace()->setProject(stale, window_->workspace()->projectPath(), true);
        QVERIFY(!doc->latency());
        QVERIFY2(meter->latencyText().contains(QStringLiteral("—")), qPrintable(meter->latencyText()));
    }

    void cancelLeavesTheProject() {
        openWindow(kStories);
        const qb::Project* before = window_->project();
        QSignalSpy cancelled(window_->workspace(), &qb::Workspace::jobCancelled);
        QSignalSpy progress(window_->workspace(), &qb::Workspace::jobProgress);
        QSignalSpy finished(window_.get(), &qb::MainWindow::latencyFinished);
        QVERIFY(window_->measureLatency());
        // stories260K times each of its matmuls, then 20 forward passes of a 512-token window.
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(progress.begin(), progress.end(), [](const QList<QVariant>& p) {
                                     return p.at(2).toString().startsWith(QStringLiteral("latency: "));
                                 }), kTimeoutMs);
        QVERIFY(window_->jobProgress()->cancelButton()->isEnabled());
        window_->jobProgress()->cancelButton()->click();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QVERIFY(qb::test::jobsSettled(*window_->workspace(), kTimeoutMs));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(window_->project(), before);
        QVERIFY(!window_->planEditor()->document()->latency());
    }

private:
    void openWindow(const QString& path) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(path);
        QVERIFY(opened.wait(kTimeoutMs));
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runLatencyGuiTests(int argc, char** argv) {
    LatencyGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_latency_gui.moc"
