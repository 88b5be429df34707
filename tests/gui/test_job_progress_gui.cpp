// The job runner seen from the window: the status bar shows a running job's progress, its Cancel
// button stops the job, and thousands of reports reach the GUI throttled.
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <atomic>

#include "app/gui/JobProgressWidget.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Workspace.h"
#include "job_test_support.h"

namespace {

using Kind = qb::Workspace::JobKind;
using qb::test::Heard;
using qb::test::longJob;

} // namespace

class JobProgressGuiTest : public QObject {
    Q_OBJECT
private slots:
    void cancelButtonStopsJob() {
        qb::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        qb::Workspace* workspace = window.workspace();
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QSignalSpy progress(workspace, &qb::Workspace::jobProgress);
        QSignalSpy cancelled(workspace, &qb::Workspace::jobCancelled);
        Heard<int> heard;
        QElapsedTimer clock;
        clock.start();
        workspace->start<int>(Kind::Analysis, QStringLiteral("fake"), longJob(sawCancel, reports), heard.handlers());
        QVERIFY(window.jobProgress()->isVisible());
        QVERIFY(progress.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(reports > 1000, 20000);
        QVERIFY(window.jobProgress()->stageText().startsWith(QStringLiteral("fake: ")));

        QPushButton* cancel = window.jobProgress()->cancelButton();
        QVERIFY(cancel->isVisible());
        QTest::mouseClick(cancel, Qt::LeftButton);
        QVERIFY(cancelled.wait(10000));
        QCOMPARE(cancelled.at(0).at(0).value<Kind>(), Kind::Analysis);
        QVERIFY(sawCancel);
        QCOMPARE(heard.cancelled, 1);
        QVERIFY(!heard.result && !heard.error);
        QVERIFY(clock.elapsed() < 30000);
        QTRY_VERIFY(!window.jobProgress()->isVisible());
        // Thousands of reports, but the GUI heard at most one per interval (plus slack).
        const qint64 allowed = clock.elapsed() / qb::Workspace::kProgressIntervalMs + 2;
        QVERIFY2(progress.count() <= allowed, qPrintable(QStringLiteral("%1 progress signals, at most %2 expected")
                                                             .arg(progress.count())
                                                             .arg(allowed)));
    }
};

int runJobProgressGuiTests(int argc, char** argv) {
    JobProgressGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_job_progress_gui.moc"
