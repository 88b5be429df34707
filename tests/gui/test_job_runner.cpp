// JobRunner: results, errors, cancel through the status-bar button, superseding, throttling.
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <atomic>
#include <chrono>
#include <thread>

#include "app/gui/JobProgressWidget.h"
#include "app/gui/JobRunner.h"
#include "app/gui/MainWindow.h"
#include "core/util/error.h"

namespace {

// A job that runs for up to a minute unless cancelled, reporting progress as fast as it can.
qb::JobRunner::Work longJob(std::atomic<bool>& sawCancel, std::atomic<long>& reports) {
    return [&sawCancel, &reports](qb::JobContext& job) -> std::any {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(60);
        try {
            while (std::chrono::steady_clock::now() < end) {
                job.checkCancel();
                job.report(0.5, "spinning");
                ++reports;
                std::this_thread::sleep_for(std::chrono::microseconds(100));
            }
        } catch (const qb::Cancelled&) {
            sawCancel = true;
            throw;
        }
        return 0;
    };
}

} // namespace

class JobRunnerTest : public QObject {
    Q_OBJECT
private slots:
    void deliversResult() {
        qb::JobRunner runner;
        QSignalSpy done(&runner, &qb::JobRunner::succeeded);
        runner.start(QStringLiteral("answer"), [](qb::JobContext&) { return std::any(42); });
        QVERIFY(runner.isBusy());
        QVERIFY(done.wait(10000));
        QCOMPARE(std::any_cast<int>(done.at(0).at(0).value<std::any>()), 42);
        QVERIFY(!runner.isBusy());
    }

    void deliversErrorMessage() {
        qb::JobRunner runner;
        QSignalSpy failed(&runner, &qb::JobRunner::failed);
        runner.start(QStringLiteral("broken"), [](qb::JobContext&) -> std::any {
            throw qb::Error("model.onnx", "tensor 'w': truncated (offset 12)");
        });
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.at(0).at(0).toString(), QStringLiteral("model.onnx: tensor 'w': truncated (offset 12)"));
    }

    void cancelButtonStopsJob() {
        qb::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        qb::JobRunner* runner = window.analysisRunner();
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QSignalSpy progress(runner, &qb::JobRunner::progressChanged);
        QSignalSpy cancelled(runner, &qb::JobRunner::cancelled);
        QSignalSpy succeeded(runner, &qb::JobRunner::succeeded);
        QElapsedTimer clock;
        clock.start();
        runner->start(QStringLiteral("fake"), longJob(sawCancel, reports));
        QVERIFY(window.jobProgress()->isVisible());
        QVERIFY(progress.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(reports > 1000, 20000);

        QPushButton* cancel = window.jobProgress()->cancelButton();
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(cancelled.wait(10000));
        QVERIFY(sawCancel);
        QCOMPARE(succeeded.count(), 0);
        QVERIFY(clock.elapsed() < 30000);
        QTRY_VERIFY(!window.jobProgress()->isVisible());
        // Thousands of reports, but the GUI heard at most one per interval (plus slack).
        const qint64 allowed = clock.elapsed() / qb::JobRunner::kProgressIntervalMs + 2;
        QVERIFY2(progress.count() <= allowed, qPrintable(QStringLiteral("%1 progress signals, at most %2 expected")
                                                             .arg(progress.count())
                                                             .arg(allowed)));
    }

    void newJobSupersedesOld() {
        qb::JobRunner runner;
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QSignalSpy succeeded(&runner, &qb::JobRunner::succeeded);
        QSignalSpy cancelled(&runner, &qb::JobRunner::cancelled);
        runner.start(QStringLiteral("old"), longJob(sawCancel, reports));
        QTRY_VERIFY_WITH_TIMEOUT(reports > 0, 10000);
        runner.start(QStringLiteral("new"), [](qb::JobContext&) { return std::any(7); });
        QVERIFY(succeeded.wait(10000));
        QCOMPARE(std::any_cast<int>(succeeded.at(0).at(0).value<std::any>()), 7);
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel.load(), 10000);
        QTest::qWait(100);
        QCOMPARE(succeeded.count(), 1);
        QCOMPARE(cancelled.count(), 0); // the old job's outcome is dropped, not reported
    }
};

int runJobRunnerTests(int argc, char** argv) {
    JobRunnerTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_job_runner.moc"
