// What `quantbench FILE...` opens, as a file manager starts it through the desktop file's %F:
// models and plans told apart, the plan imported once the model is open, or kept for the next one.
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

#include "app/gui/LaunchPaths.h"
#include "app/gui/MainWindow.h"
#include "core/quant/plan.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"

namespace {

const QString kMnist = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
constexpr int kTimeoutMs = 120000;

// A plan as Plan > Export writes it: every layer at 6 bits, the matmul at 8.
QString writePlan(const QTemporaryDir& dir) {
    qb::quant::Plan plan;
    plan.defaults.bits = 6;
    qb::quant::PlanEntry entry;
    entry.pattern = "Parameter193";
    entry.settings.bits = 8;
    plan.layers.push_back(entry);
    const QString path = dir.filePath(QStringLiteral("mnist.plan.json"));
    qb::quant::writePlan(path.toStdString(), plan);
    return path;
}

} // namespace

class LaunchPathsTest : public QObject {
    Q_OBJECT
private slots:
    void splitsModelsAndPlans() {
        const qb::LaunchPaths paths = qb::LaunchPaths::split(
            {QStringLiteral("/m/a.onnx"), QStringLiteral("/m/p.plan.json"), QStringLiteral("/m/llama"),
             QStringLiteral("/m/b.qbproj"), QStringLiteral("/m/Q.JSON")});
        QCOMPARE(paths.models, QStringList({QStringLiteral("/m/a.onnx"), QStringLiteral("/m/llama"),
                                            QStringLiteral("/m/b.qbproj")}));
        QCOMPARE(paths.plans, QStringList({QStringLiteral("/m/p.plan.json"), QStringLiteral("/m/Q.JSON")}));
    }

    void importsThePlanOnceTheModelIsOpen() {
        QTemporaryDir dir;
        const QString plan = writePlan(dir);
        qb::MainWindow window;
        window.show();
        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        qb::openLaunchPaths(window, qb::LaunchPaths::split({plan, kMnist}));
        QVERIFY(opened.wait(kTimeoutMs));
        const qb::quant::Plan& imported = window.planEditor()->document()->plan();
        QCOMPARE(imported.defaults.bits.value_or(0), 6);
        const qb::quant::PlanEntry* matmul = imported.entry("Parameter193");
        QVERIFY(matmul);
        QCOMPARE(matmul->settings.bits.value_or(0), 8);
    }

    // Only a plan: the window says what it waits for and applies the plan to the model opened next.
    void keepsAPlanForTheNextModel() {
        QTemporaryDir dir;
        const QString plan = writePlan(dir);
        qb::MainWindow window;
        window.show();
        qb::openLaunchPaths(window, qb::LaunchPaths::split({plan}));
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("mnist.plan.json")),
                 qPrintable(window.statusBar()->currentMessage()));
        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        window.openPath(kMnist);
        QVERIFY(opened.wait(kTimeoutMs));
        QCOMPARE(window.planEditor()->document()->plan().defaults.bits.value_or(0), 6);
    }
};

int runLaunchPathsTests(int argc, char** argv) {
    LaunchPathsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_launch_paths.moc"
