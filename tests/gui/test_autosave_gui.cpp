// Autosave and crash recovery on stories260K: the sidecar is written beside the project (never over
// it: checksums before and after) or in the app data folder, atomically (a cancelled autosave leaves
// the last one whole), removed by a save or a clean close; a sidecar whose owner died (a record
// with the PID of a process that exited) is offered at start and recovers into an unsaved project
// bound to the original file. QB_SCREENSHOT_DIR=... keeps a picture of the recovery dialog.
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>
#include <memory>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

#include "app/gui/Autosave.h"
#include "app/gui/MainWindow.h"
#include "app/gui/RecoveryDialog.h"
#include "app/gui/Workspace.h"
#include "core/formats/model_reader.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/quant/plan.h"
#include "jobs_settled.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "screenshots.h"

namespace {

const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/gguf/stories260K.gguf");
constexpr int kTimeoutMs = 120000;

QByteArray sha256(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
}

qb::quant::Plan planOf(const char* json) { return qb::quant::parsePlan(json, "test plan"); }

// A project of stories260K (no calibration) at `path`, keeping `plan` if given.
void writeStoriesProject(const QString& path, const qb::quant::Plan* plan = nullptr) {
    const qb::Model model = qb::openModel(kStories.toStdString());
    qb::Project project = qb::pipeline::newProject(model, {});
    if (plan) project.plan = qb::quant::planJson(*plan);
    qb::writeProject(path.toStdString(), project);
}

// The PID of a process that has exited: what a crashed window's record holds.
qint64 deadPid() {
    QProcess p;
    p.start(QStringLiteral("true"), QStringList{});
    if (!p.waitForStarted()) return 0;
    const qint64 pid = p.processId();
    p.waitForFinished();
    return pid;
}

QStringList temporariesIn(const QString& dir) {
    return QDir(dir).entryList({QStringLiteral("*.tmp-*")}, QDir::Files | QDir::Hidden);
}

} // namespace

class AutosaveGuiTest : public QObject {
    Q_OBJECT
private slots:
    void init() { QDir(qb::autosaveFolder()).removeRecursively(); }
    void cleanup() {
        window_.reset();
        QDir(qb::autosaveFolder()).removeRecursively();
    }

    void sidecarPlaces() {
        const QString token = QStringLiteral("0123456789abcdef");
        QCOMPARE(qb::sidecarPathFor(QStringLiteral("/data/p/net.qbproj"), kStories, token, true),
                 QStringLiteral("/data/p/.net.qbproj.autosave"));
        // Unwritable folder: in the app data folder, keyed by the project's path and the window.
        const QString away = qb::sidecarPathFor(QStringLiteral("/data/p/net.qbproj"), kStories, token, false);
        QCOMPARE(QFileInfo(away).absolutePath(), qb::autosaveFolder());
        QVERIFY2(away.endsWith(QStringLiteral("-01234567.qbproj")), qPrintable(away));
        QVERIFY(away != qb::sidecarPathFor(QStringLiteral("/data/q/net.qbproj"), kStories, token, false));
        QVERIFY(away != qb::sidecarPathFor(QStringLiteral("/data/p/net.qbproj"), kStories, QStringLiteral("ffff0000"), false));
        // Never saved: keyed by the model, whatever the folder.
        const QString fresh = qb::sidecarPathFor(QString(), kStories, token, true);
        QCOMPARE(QFileInfo(fresh).absolutePath(), qb::autosaveFolder());
        QVERIFY(fresh != away);
    }

    // Whose process is gone: an exited one, a zombie nobody reaped (kill(0) still finds it), a PID
    // now used by another process (another start time); ours is alive, another machine's left be.
    void ownerLiveness() {
        qb::AutosaveRecord r;
        r.host = QSysInfo::machineHostName();
        r.pid = QCoreApplication::applicationPid();
        QVERIFY(r.ownerAlive());
        r.processStart = 1; // our PID, but not the process that wrote the record
        QVERIFY(!r.ownerAlive());
        r.processStart = 0;
        r.pid = deadPid();
        QVERIFY(!r.ownerAlive());
        const pid_t zombie = ::fork();
        if (zombie == 0) ::_exit(0);
        QVERIFY(zombie > 0);
        siginfo_t exited{};
        // Waits for its exit without reaping it (WNOWAIT): a zombie from here on, not a guess.
        QVERIFY(::waitid(P_PID, id_t(zombie), &exited, WEXITED | WNOWAIT) == 0);
        r.pid = zombie;
        QVERIFY(::kill(zombie, 0) == 0);
        QVERIFY(!r.ownerAlive());
        ::waitpid(zombie, nullptr, 0);
        r.host = QStringLiteral("another-machine.invalid");
        QVERIFY(r.ownerAlive());
    }

    void autosaveNeverTouchesTheUsersFile() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("story.qbproj"));
        writeStoriesProject(file);
        const QByteArray before = sha256(file);
        const QDateTime modified = QFileInfo(file).lastModified();
        openWindow(file);
        QVERIFY(!window_->workspace()->isModified());
        QVERIFY(!window_->autosave()->saveNow()); // nothing changed: nothing written
        QCOMPARE(QFileInfo::exists(dir.filePath(QStringLiteral(".story.qbproj.autosave"))), false);

        const qb::quant::Plan edited = planOf(R"({"default": {"bits": 4, "group": 32}, "layers": {"blk.0.attn_q.weight": "q8_0"}})");
        doc()->replacePlan(edited, QStringLiteral("edit"));
        QVERIFY(window_->workspace()->isModified());
        QCOMPARE(window_->autosave()->changes(), int(qb::AutosaveChange::Plan));
        QVERIFY(autosaveAndWait());
        const QString sidecar = dir.filePath(QStringLiteral(".story.qbproj.autosave"));
        QCOMPARE(window_->autosave()->sidecarPath(), sidecar);
        QCOMPARE(sha256(file), before);
        QCOMPARE(QFileInfo(file).lastModified(), modified);
        QVERIFY(temporariesIn(dir.path()).isEmpty());
        const qb::Project written = qb::readProject(sidecar.toStdString());
        QVERIFY(written.plan);
        QVERIFY(qb::quant::parsePlan(*written.plan, "sidecar") == edited);
        // Its record says whose it is.
        const qb::AutosaveRecord record = qb::AutosaveRecord::read(window_->autosave()->recordPath());
        QCOMPARE(record.sidecar, sidecar);
        QCOMPARE(record.source, file);
        QCOMPARE(record.pid, QCoreApplication::applicationPid());
        QVERIFY(record.ownerAlive());
        QVERIFY(record.time.isValid());
        QVERIFY(qb::orphanedAutosaves().isEmpty()); // a live window's autosave is not offered

        // Atomic: an autosave cancelled while it writes leaves the last one whole, no temporaries.
        const qb::quant::Plan again = planOf(R"({"default": {"bits": 8}})");
        doc()->replacePlan(again, QStringLiteral("edit again"));
        QVERIFY(window_->autosave()->saveNow());
        window_->workspace()->cancel(qb::Workspace::JobKind::Autosave);
        QVERIFY(qb::test::jobsSettled(*window_->workspace(), kTimeoutMs));
        const qb::Project kept = qb::readProject(sidecar.toStdString());
        QVERIFY(kept.plan);
        const qb::quant::Plan keptPlan = qb::quant::parsePlan(*kept.plan, "sidecar");
        QVERIFY(keptPlan == edited || keptPlan == again);
        QVERIFY(temporariesIn(dir.path()).isEmpty());
        QCOMPARE(sha256(file), before);

        // A save writes the user's file and the sidecar and its record go.
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProject());
        QVERIFY(saved.wait(kTimeoutMs));
        QVERIFY(qb::test::jobsSettled(*window_->workspace(), kTimeoutMs));
        QVERIFY(sha256(file) != before);
        QVERIFY(!QFileInfo::exists(sidecar));
        QVERIFY(!QFileInfo::exists(record.recordPath));
        QVERIFY(window_->autosave()->sidecarPath().isEmpty());
    }

    // Two windows on one project: the second finds the sidecar beside it claimed by a live window
    // and autosaves to the app data folder instead; each keeps its own content.
    void twoWindowsDoNotShareASidecar() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("story.qbproj"));
        writeStoriesProject(file);
        openWindow(file);
        auto first = std::move(window_);
        openWindow(file);
        const qb::quant::Plan a = planOf(R"({"default": {"bits": 4, "group": 32}})");
        const qb::quant::Plan b = planOf(R"({"default": {"bits": 8}})");
        first->planEditor()->document()->replacePlan(a, QStringLiteral("edit"));
        doc()->replacePlan(b, QStringLiteral("edit"));
        QSignalSpy firstSaved(first->autosave(), &qb::Autosave::autosaved);
        QVERIFY(first->autosave()->saveNow());
        QVERIFY(firstSaved.wait(kTimeoutMs));
        QVERIFY(autosaveAndWait());
        const QString beside = dir.filePath(QStringLiteral(".story.qbproj.autosave"));
        QCOMPARE(first->autosave()->sidecarPath(), beside);
        const QString away = window_->autosave()->sidecarPath();
        QCOMPARE(QFileInfo(away).absolutePath(), qb::autosaveFolder());
        QVERIFY(qb::quant::parsePlan(*qb::readProject(beside.toStdString()).plan, "first") == a);
        QVERIFY(qb::quant::parsePlan(*qb::readProject(away.toStdString()).plan, "second") == b);
        QCOMPARE(qb::AutosaveRecord::read(first->autosave()->recordPath()).owner ==
                     qb::AutosaveRecord::read(window_->autosave()->recordPath()).owner,
                 false);
        first.reset();
        QVERIFY(!QFileInfo::exists(beside));
        QVERIFY(QFileInfo::exists(away));
    }

    // A quantization is noted as what changed and written whole on the worker; the GUI thread only
    // snapshots (its time and the worker's are printed for the record).
    void quantizedProjectAutosavesOffTheGuiThread() {
        openWindow(kStories);
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(planOf(R"({"default": {"bits": 4, "group": 32}})")));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(window_->autosave()->changes(), int(qb::AutosaveChange::Quantization));
        QSignalSpy saved(window_->autosave(), &qb::Autosave::autosaved);
        QSignalSpy succeeded(window_->workspace(), &qb::Workspace::jobSucceeded);
        QElapsedTimer gui;
        gui.start();
        QVERIFY(window_->autosave()->saveNow());
        const qint64 guiUs = gui.nsecsElapsed() / 1000;
        QVERIFY(window_->workspace()->isBusy(qb::Workspace::JobKind::Autosave)); // writing on the worker
        QVERIFY(saved.wait(kTimeoutMs));
        qint64 workerMs = -1;
        for (const QList<QVariant>& s : succeeded) {
            if (s[0].value<qb::Workspace::JobKind>() == qb::Workspace::JobKind::Autosave) workerMs = s[1].toLongLong();
        }
        const QString sidecar = window_->autosave()->sidecarPath();
        qInfo("autosave of the quantized stories260K (%lld bytes): %lld us on the GUI thread, %lld ms on the worker",
              qint64(QFileInfo(sidecar).size()), guiUs, workerMs);
        const qb::Project written = qb::readProject(sidecar.toStdString());
        QVERIFY(written.quantization);
        QCOMPARE(written.quantization->layers.size(), window_->project()->quantization->layers.size());
        QCOMPARE(written.quantization->layers.front().weight.bytes, window_->project()->quantization->layers.front().weight.bytes);
        QCOMPARE(qb::AutosaveRecord::read(window_->autosave()->recordPath()).changesText(), QStringLiteral("quantized"));
    }

    // Opening something else drops the unsaved project, and its autosave with it.
    void openingAnotherFileDiscardsTheAutosave() {
        openWindow(kStories);
        doc()->replacePlan(planOf(R"({"default": {"bits": 8}})"), QStringLiteral("edit"));
        QVERIFY(autosaveAndWait());
        const QString sidecar = window_->autosave()->sidecarPath();
        const QString record = window_->autosave()->recordPath();
        QVERIFY(QFileInfo::exists(sidecar));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx"));
        QVERIFY(opened.wait(kTimeoutMs));
        QVERIFY(!QFileInfo::exists(sidecar));
        QVERIFY(!QFileInfo::exists(record));
        QCOMPARE(window_->autosave()->changes(), 0);
        QVERIFY(!window_->autosave()->saveNow());
    }

    void neverSavedGoesToAppDataAndCleanCloseRemovesIt() {
        openWindow(kStories);
        QVERIFY(!window_->project());
        doc()->replacePlan(planOf(R"({"default": {"bits": 4, "group": 32}})"), QStringLiteral("edit"));
        QVERIFY(autosaveAndWait());
        const QString sidecar = window_->autosave()->sidecarPath();
        const QString record = window_->autosave()->recordPath();
        QCOMPARE(QFileInfo(sidecar).absolutePath(), qb::autosaveFolder());
        // A project of the model, made on the worker, with the edited plan.
        const qb::Project written = qb::readProject(sidecar.toStdString());
        QCOMPARE(QFileInfo(QString::fromStdString(written.modelPath)).canonicalFilePath(), QFileInfo(kStories).canonicalFilePath());
        QVERIFY(written.plan);
        QVERIFY(QFileInfo::exists(record));
        window_->close();
        window_.reset(); // a clean close: the autosave goes with the window
        QVERIFY(!QFileInfo::exists(sidecar));
        QVERIFY(!QFileInfo::exists(record));
    }

    void crashIsOfferedAndRecovered() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("story.qbproj"));
        writeStoriesProject(file);
        const QByteArray before = sha256(file);
        const qb::quant::Plan lost = planOf(R"({"default": {"bits": 4, "group": 32}, "layers": {"output.weight": "q8_0"}})");
        const QString sidecar = dir.filePath(QStringLiteral(".story.qbproj.autosave"));
        writeStoriesProject(sidecar, &lost);
        const qb::AutosaveRecord crashed = writeRecord(sidecar, file, deadPid(), qb::AutosaveChange::Plan);
        // A live process's autosave (ours) is not offered.
        QTemporaryDir other;
        const QString live = other.filePath(QStringLiteral(".live.qbproj.autosave"));
        writeStoriesProject(live);
        writeRecord(live, other.filePath(QStringLiteral("live.qbproj")), QCoreApplication::applicationPid(),
                    qb::AutosaveChange::Quantization);

        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        qb::RecoveryDialog* dialog = window_->offerRecovery();
        QVERIFY(dialog);
        QTreeWidget* list = dialog->list();
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("story.qbproj"));
        QCOMPARE(list->topLevelItem(0)->toolTip(0), file);
        QCOMPARE(list->topLevelItem(0)->text(2), QStringLiteral("plan edited"));
        QVERIFY(!list->topLevelItem(0)->text(1).isEmpty());
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("recovery-dialog.png")));

        QSignalSpy recovered(window_.get(), &qb::MainWindow::recovered);
        dialog->recoverButton()->click();
        QVERIFY(recovered.wait(kTimeoutMs));
        QCOMPARE(recovered.front().front().toString(), file);
        // An unsaved project bound to the original file, with the plan that was lost.
        QCOMPARE(window_->projectPath(), file);
        QVERIFY(window_->workspace()->isModified());
        QVERIFY(window_->isWindowModified());
        QVERIFY(doc()->plan() == lost);
        QCOMPARE(window_->autosave()->sidecarPath(), sidecar);
        QCOMPARE(qb::AutosaveRecord::read(crashed.recordPath).pid, QCoreApplication::applicationPid());
        QVERIFY(qb::orphanedAutosaves().isEmpty());
        QCOMPARE(sha256(file), before); // recovering writes nothing over the user's file

        // Save writes the user's file, with the recovered plan; the sidecar goes.
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProject());
        QVERIFY(saved.wait(kTimeoutMs));
        QCOMPARE(saved.front().front().toString(), file);
        const qb::Project written = qb::readProject(file.toStdString());
        QVERIFY(written.plan);
        QVERIFY(qb::quant::parsePlan(*written.plan, "saved") == lost);
        QVERIFY(!QFileInfo::exists(sidecar));
        QVERIFY(!QFileInfo::exists(crashed.recordPath));
    }

    void discardDeletesTheAutosave() {
        QTemporaryDir dir;
        const QString sidecar = dir.filePath(QStringLiteral(".gone.qbproj.autosave"));
        writeStoriesProject(sidecar);
        const qb::AutosaveRecord crashed =
            writeRecord(sidecar, dir.filePath(QStringLiteral("gone.qbproj")), deadPid(), qb::AutosaveChange::Calibration);
        window_ = std::make_unique<qb::MainWindow>();
        qb::RecoveryDialog* dialog = window_->offerRecovery();
        QVERIFY(dialog);
        QCOMPARE(dialog->list()->topLevelItem(0)->text(2), QStringLiteral("calibrated"));
        dialog->discardButton()->click();
        QVERIFY(!QFileInfo::exists(sidecar));
        QVERIFY(!QFileInfo::exists(crashed.recordPath));
        QVERIFY(qb::orphanedAutosaves().isEmpty());
        QVERIFY(!window_->offerRecovery());
    }

    // Closing with unsaved changes asks. Cancel keeps the window and the work; Save writes the
    // user's file and closes once it is written; a clean window closes without asking.
    void closingWithUnsavedChangesAsks() {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("story.qbproj"));
        writeStoriesProject(file);
        const QByteArray before = sha256(file);
        openWindow(file);
        window_->show();
        QVERIFY(window_->close());
        QVERIFY(!window_->unsavedChangesBox());

        openWindow(file);
        window_->show();
        const qb::quant::Plan edited = planOf(R"({"default": {"bits": 4, "group": 32}, "layers": {"output.weight": "q8_0"}})");
        doc()->replacePlan(edited, QStringLiteral("edit"));
        QVERIFY(!window_->close());
        QMessageBox* box = window_->unsavedChangesBox();
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QVERIFY(box->button(QMessageBox::Save));
        QVERIFY(qb::test::saveScreenshot(box, QStringLiteral("unsaved-changes.png")));
        box->button(QMessageBox::Cancel)->click();
        QVERIFY(!window_->unsavedChangesBox());
        QVERIFY(window_->isVisible());
        QVERIFY(window_->workspace()->isModified());
        QCOMPARE(sha256(file), before);

        QVERIFY(!window_->close());
        box = window_->unsavedChangesBox();
        QVERIFY(box);
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        box->button(QMessageBox::Save)->click();
        QVERIFY(window_->isVisible()); // until the file is written
        QVERIFY(saved.wait(kTimeoutMs));
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeoutMs);
        const qb::Project written = qb::readProject(file.toStdString());
        QVERIFY(written.plan);
        QVERIFY(qb::quant::parsePlan(*written.plan, "saved") == edited);
    }

    // A plan edited with no project has nowhere to be saved but Plan > Export Plan: the question
    // offers only to close without saving, and an exported plan needs no question.
    void planEditedWithoutAProjectAsksToDiscard() {
        openWindow(kStories);
        window_->show();
        QVERIFY(!window_->project());
        doc()->replacePlan(planOf(R"({"default": {"bits": 8}})"), QStringLiteral("edit"));
        QVERIFY(!window_->close());
        QMessageBox* box = window_->unsavedChangesBox();
        QVERIFY(box);
        QVERIFY(!box->button(QMessageBox::Save));
        QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
        box->button(QMessageBox::Discard)->click();
        QTRY_VERIFY_WITH_TIMEOUT(!window_->isVisible(), kTimeoutMs);

        openWindow(kStories);
        window_->show();
        doc()->replacePlan(planOf(R"({"default": {"bits": 8}})"), QStringLiteral("edit"));
        QTemporaryDir dir;
        QVERIFY(window_->exportPlan(dir.filePath(QStringLiteral("kept.plan.json"))));
        QVERIFY(window_->close());
    }

private:
    void openWindow(const QString& path) {
        window_ = std::make_unique<qb::MainWindow>();
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(path);
        QVERIFY(opened.wait(kTimeoutMs));
    }
    qb::PlanDocument* doc() const { return window_->planEditor()->document(); }

    bool autosaveAndWait() {
        QSignalSpy saved(window_->autosave(), &qb::Autosave::autosaved);
        return window_->autosave()->saveNow() && saved.wait(kTimeoutMs);
    }

    static qb::AutosaveRecord writeRecord(const QString& sidecar, const QString& source, qint64 pid, qb::AutosaveChange change) {
        QDir().mkpath(qb::autosaveFolder());
        qb::AutosaveRecord r;
        r.recordPath = QDir(qb::autosaveFolder()).filePath(QFileInfo(sidecar).fileName() + QStringLiteral(".json"));
        r.sidecar = sidecar;
        r.source = source;
        r.modelPath = kStories;
        r.pid = pid;
        r.host = QSysInfo::machineHostName();
        r.owner = QStringLiteral("crashed-window");
        r.time = QDateTime::currentDateTimeUtc().addSecs(-300);
        r.changes = int(change);
        if (!r.write()) qWarning("cannot write %s", qPrintable(r.recordPath));
        return r;
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runAutosaveGuiTests(int argc, char** argv) {
    AutosaveGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_autosave_gui.moc"
