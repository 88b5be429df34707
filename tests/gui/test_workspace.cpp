// Workspace: typed results and errors, kinds side by side on one pool, superseding, abandoning,
// waiting on destruction, and saving the project as a job while the GUI thread keeps turning.
// It needs no window, so the ThreadSanitizer tree runs it too (tests/tsan); cancelling through
// the status-bar button is test_job_progress_gui.cpp.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <atomic>
#include <chrono>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/Workspace.h"
#include "core/formats/project_file.h"
#include "core/util/error.h"
#include "job_test_support.h"
#include "jobs_settled.h"

namespace {

using Kind = qb::Workspace::JobKind;
using qb::test::Heard;
using qb::test::longJob;

template <class T>
qb::JobError failureOf(std::function<T(qb::JobContext&)> work) {
    qb::Workspace workspace;
    Heard<T> heard;
    workspace.start<T>(Kind::Evaluation, QStringLiteral("broken"), std::move(work), heard.handlers());
    if (!QTest::qWaitFor([&] { return heard.ended(); }, 10000) || !heard.error) {
        return {QStringLiteral("test"), QStringLiteral("no failure reported")};
    }
    return *heard.error;
}

// A quantized project of `layers` int8 layers of 2048 x 2048 (4 MiB each) with patterned bytes.
std::shared_ptr<const qb::Project> bigProject(int layers) {
    qb::Project p;
    p.modelPath = "/models/big.onnx";
    p.modelHash = "0123456789abcdef";
    p.quantization.emplace();
    p.quantization->method = "rtn";
    p.quantization->plan = R"({"default": {"bits": 8}})";
    const qb::quant::Scheme& scheme = qb::quant::scheme("int8_channel_sym");
    for (int i = 0; i < layers; ++i) {
        qb::quant::QuantizedLayer l;
        l.name = "layer" + std::to_string(i) + ".weight";
        l.method = "rtn";
        l.weight.scheme = &scheme;
        l.weight.rows = l.weight.cols = 2048;
        l.weight.bytes.resize(*qb::quant::sizeBytes(scheme, 2048, 2048));
        for (size_t k = 0; k < l.weight.bytes.size(); ++k) {
            l.weight.bytes[k] = uint8_t(k * 7 + i);
        }
        p.quantization->layers.push_back(std::move(l));
    }
    return std::make_shared<const qb::Project>(std::move(p));
}

} // namespace

class WorkspaceTest : public QObject {
    Q_OBJECT
private slots:
    void deliversTypedResult() {
        qb::Workspace workspace;
        QSignalSpy succeeded(&workspace, &qb::Workspace::jobSucceeded);
        Heard<std::vector<double>> heard;
        workspace.start<std::vector<double>>(
            Kind::Analysis, QStringLiteral("answer"), [](qb::JobContext&) { return std::vector<double>{1.5, 2.5}; },
            heard.handlers());
        QVERIFY(workspace.isBusy(Kind::Analysis));
        QCOMPARE(workspace.title(Kind::Analysis), QStringLiteral("answer"));
        QVERIFY(succeeded.wait(10000));
        QCOMPARE(succeeded.at(0).at(0).value<Kind>(), Kind::Analysis);
        QVERIFY(heard.result);
        QCOMPARE(*heard.result, (std::vector<double>{1.5, 2.5}));
        QVERIFY(heard.elapsedMs >= 0);
        QVERIFY(!heard.error && heard.cancelled == 0);
        QVERIFY(!workspace.isBusy(Kind::Analysis));
    }

    void deliversTypedErrors() {
        // where() is qb::Error's own, not the text up to the first ": " (this one holds two).
        const qb::JobError e = failureOf<int>([](qb::JobContext&) -> int {
            throw qb::Error("/data/a: b.onnx", "tensor 'w': truncated (offset 12)");
        });
        QCOMPARE(e.where, QStringLiteral("/data/a: b.onnx"));
        QCOMPARE(e.what, QStringLiteral("tensor 'w': truncated (offset 12)"));
        QCOMPARE(e.message(), QStringLiteral("/data/a: b.onnx: tensor 'w': truncated (offset 12)"));
        const qb::JobError oom = failureOf<int>([](qb::JobContext&) -> int { throw std::bad_alloc(); });
        QVERIFY(oom.where.isEmpty());
        QCOMPARE(oom.message(), QStringLiteral("out of memory"));
        const qb::JobError other = failureOf<int>([](qb::JobContext&) -> int { throw std::runtime_error("boom"); });
        QVERIFY(other.where.isEmpty());
        QCOMPARE(other.what, QStringLiteral("boom"));
    }

    void twoKindsShareOnePool() {
        qb::Workspace workspace;
        QSignalSpy failed(&workspace, &qb::Workspace::jobFailed);
        // Each job waits until both are running: they can only finish if they run side by side.
        std::atomic<int> running{0};
        std::atomic<bool> release{false};
        std::atomic<std::thread::id> analysisThread, calibrationThread;
        auto meet = [&](std::atomic<std::thread::id>& self) {
            self = std::this_thread::get_id();
            ++running;
            const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            while (!release && std::chrono::steady_clock::now() < giveUp) {
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
        };
        Heard<std::vector<double>> analysis;
        Heard<std::string> calibration;
        workspace.start<std::vector<double>>(
            Kind::Analysis, QStringLiteral("analysis"),
            [&](qb::JobContext&) {
                meet(analysisThread);
                return std::vector<double>{0.25, -3.0};
            },
            analysis.handlers());
        workspace.start<std::string>(
            Kind::Calibration, QStringLiteral("calibration"),
            [&](qb::JobContext&) -> std::string {
                meet(calibrationThread);
                throw qb::Error("data.npy", "offset 96: truncated");
            },
            calibration.handlers());
        QTRY_COMPARE_WITH_TIMEOUT(running.load(), 2, 10000);
        QCOMPARE(workspace.pool().activeThreadCount(), 2);
        QVERIFY(workspace.isBusy(Kind::Analysis) && workspace.isBusy(Kind::Calibration));
        QVERIFY(analysisThread.load() != calibrationThread.load());
        QVERIFY(analysisThread.load() != std::this_thread::get_id());
        release = true;
        QVERIFY(QTest::qWaitFor([&] { return analysis.ended() && calibration.ended(); }, 10000));
        QVERIFY(analysis.result);
        QCOMPARE(*analysis.result, (std::vector<double>{0.25, -3.0}));
        QVERIFY(!analysis.error);
        QVERIFY(!calibration.result);
        QVERIFY(calibration.error);
        QCOMPARE(calibration.error->where, QStringLiteral("data.npy"));
        QCOMPARE(calibration.error->what, QStringLiteral("offset 96: truncated"));
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(0).value<Kind>(), Kind::Calibration);
        QCOMPARE(failed.at(0).at(1).value<qb::JobError>().what, QStringLiteral("offset 96: truncated"));
    }

    void newJobSupersedesOld() {
        qb::Workspace workspace;
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QSignalSpy cancelled(&workspace, &qb::Workspace::jobCancelled);
        Heard<int> old, fresh;
        workspace.start<int>(Kind::Evaluation, QStringLiteral("old"), longJob(sawCancel, reports), old.handlers());
        QTRY_VERIFY_WITH_TIMEOUT(reports > 0, 10000);
        workspace.start<int>(Kind::Evaluation, QStringLiteral("new"), [](qb::JobContext&) { return 7; }, fresh.handlers());
        QCOMPARE(workspace.title(Kind::Evaluation), QStringLiteral("new"));
        QVERIFY(QTest::qWaitFor([&] { return fresh.ended(); }, 10000));
        QCOMPARE(fresh.result.value_or(-1), 7);
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel.load(), 10000);
        QVERIFY(qb::test::jobsSettled(workspace, 10000));
        QVERIFY(!old.ended()); // the old job's outcome is dropped, not reported
        QCOMPARE(cancelled.count(), 0);
    }

    void abandonReportsAtOnce() {
        qb::Workspace workspace;
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QSignalSpy cancelled(&workspace, &qb::Workspace::jobCancelled);
        Heard<int> heard;
        workspace.start<int>(Kind::Quantization, QStringLiteral("long"), longJob(sawCancel, reports), heard.handlers());
        QTRY_VERIFY_WITH_TIMEOUT(reports > 0, 10000);
        workspace.abandon(Kind::Quantization);
        // Reported before the worker has even looked at the flag.
        QCOMPARE(heard.cancelled, 1);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(!workspace.isBusy(Kind::Quantization));
        QTRY_VERIFY_WITH_TIMEOUT(sawCancel.load(), 10000);
        QVERIFY(qb::test::jobsSettled(workspace, 10000));
        QCOMPARE(heard.cancelled, 1); // and not a second time when it stops
        QCOMPARE(cancelled.count(), 1);
    }

    void destructionCancelsAndWaits() {
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        QElapsedTimer clock;
        {
            qb::Workspace workspace;
            workspace.start<int>(Kind::Calibration, QStringLiteral("long"), longJob(sawCancel, reports), {});
            QTRY_VERIFY_WITH_TIMEOUT(reports > 0, 10000);
            clock.start();
        }
        QVERIFY(sawCancel.load()); // the worker had stopped before the workspace was gone
        QVERIFY(clock.elapsed() < 10000);
    }

    void closingFinishesASave() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("closing.qbproj"));
        std::atomic<bool> sawCancel{false};
        std::atomic<long> reports{0};
        {
            qb::Workspace workspace;
            workspace.setProject(bigProject(4), {}, true);
            workspace.start<int>(Kind::Evaluation, QStringLiteral("long"), longJob(sawCancel, reports), {});
            QVERIFY(workspace.save(file));
            workspace.stop();
        }
        QVERIFY(sawCancel.load());
        QCOMPARE(qb::readProject(file.toStdString()).quantization->layers.size(), size_t(4));
    }

    void saveIsAJobAndTheGuiKeepsTurning() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("big.qbproj"));
        qb::Workspace workspace;
        const std::shared_ptr<const qb::Project> project = bigProject(24); // 96 MiB of codes
        workspace.setProject(project, {}, true);
        QSignalSpy saved(&workspace, &qb::Workspace::projectSaved);
        QSignalSpy modified(&workspace, &qb::Workspace::modifiedChanged);
        // A 1 ms timer on the GUI thread: it ticks only while the event loop turns.
        QElapsedTimer clock;
        clock.start();
        std::vector<qint64> ticks;
        QTimer timer;
        timer.setTimerType(Qt::PreciseTimer);
        timer.setInterval(1);
        connect(&timer, &QTimer::timeout, &timer, [&] { ticks.push_back(clock.elapsed()); });
        timer.start();

        QVERIFY(workspace.save(file));
        const qint64 returned = clock.elapsed();
        QVERIFY(workspace.isBusy(Kind::Save));
        QCOMPARE(saved.count(), 0); // it returned before the file was written
        QVERIFY(workspace.isModified());
        QVERIFY(saved.wait(60000));
        const qint64 finished = clock.elapsed();
        timer.stop();
        QCOMPARE(saved.at(0).at(0).toString(), file);
        QCOMPARE(workspace.projectPath(), file);
        QVERIFY(!workspace.isModified());
        QCOMPARE(modified.count(), 1);

        // While the file was written the loop kept ticking: no gap near the save's length.
        qint64 longestGap = 0, previous = returned;
        int during = 0;
        for (const qint64 t : ticks) {
            longestGap = std::max(longestGap, t - previous);
            previous = t;
            during += t < finished;
        }
        const QString figures = QStringLiteral("save %1 ms, %2 ticks, longest gap %3 ms")
                                    .arg(finished - returned)
                                    .arg(during)
                                    .arg(longestGap);
        qInfo("%s", qPrintable(figures));
        QVERIFY2(during >= 3 && longestGap < std::max<qint64>(100, (finished - returned) / 2), qPrintable(figures));

        const qb::Project back = qb::readProject(file.toStdString());
        QCOMPARE(back.modelPath, project->modelPath);
        QCOMPARE(back.modelHash, project->modelHash);
        QVERIFY(back.quantization);
        QCOMPARE(back.quantization->layers.size(), size_t(24));
        for (size_t i = 0; i < back.quantization->layers.size(); ++i) {
            QCOMPARE(back.quantization->layers[i].name, project->quantization->layers[i].name);
            QVERIFY(back.quantization->layers[i].weight.bytes == project->quantization->layers[i].weight.bytes);
        }
    }

    void projectChangedWhileSavingStaysUnsaved() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("first.qbproj"));
        qb::Workspace workspace;
        workspace.setProject(bigProject(1), {}, true);
        QSignalSpy saved(&workspace, &qb::Workspace::projectSaved);
        QVERIFY(workspace.save(file));
        const std::shared_ptr<const qb::Project> newer = bigProject(2);
        workspace.setProject(newer, {}, true); // e.g. a calibration finished meanwhile
        QVERIFY(saved.wait(60000));
        QCOMPARE(workspace.project(), newer);
        QVERIFY(workspace.isModified());
        QVERIFY(workspace.projectPath().isEmpty());
        QCOMPARE(qb::readProject(file.toStdString()).quantization->layers.size(), size_t(1));
    }

    void failedSaveIsTyped() {
        qb::Workspace workspace;
        workspace.setProject(bigProject(1), {}, true);
        QSignalSpy failed(&workspace, &qb::Workspace::saveFailed);
        QSignalSpy saved(&workspace, &qb::Workspace::projectSaved);
        const QString file = QStringLiteral("/nonexistent/dir/x.qbproj");
        QVERIFY(workspace.save(file));
        QVERIFY(failed.wait(60000));
        const auto error = failed.at(0).at(0).value<qb::JobError>();
        QCOMPARE(error.where, file);
        QVERIFY2(error.what.startsWith(QStringLiteral("cannot create")), qPrintable(error.what));
        QCOMPARE(saved.count(), 0);
        QVERIFY(workspace.isModified());
        QVERIFY(workspace.projectPath().isEmpty());
    }
};

int runWorkspaceTests(int argc, char** argv) {
    WorkspaceTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_workspace.moc"
