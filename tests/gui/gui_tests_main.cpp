// Runs every GUI test class in one QApplication (Qt Test runs one class per qExec call).
#include <QApplication>
#include <QStandardPaths>

int runCalibrationGuiTests(int argc, char** argv);
int runComparisonGuiTests(int argc, char** argv);
int runDesktopDialogsTests(int argc, char** argv);
int runEvaluationTests(int argc, char** argv);
int runExportGuiTests(int argc, char** argv);
int runLaunchPathsTests(int argc, char** argv);
int runWorkspaceTests(int argc, char** argv);
int runMainWindowTests(int argc, char** argv);
int runQuantizeGuiTests(int argc, char** argv);
int runPlanEditorTests(int argc, char** argv);
int runSensitivityGuiTests(int argc, char** argv);
int runTranslationTests(int argc, char** argv);

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QuantBench"));
    QApplication::setApplicationName(QStringLiteral("quantbench-gui-tests"));
    // Keeps QSettings (recent files, layout) away from the user's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    int failures = 0;
    failures += runWorkspaceTests(argc, argv);
    failures += runMainWindowTests(argc, argv);
    failures += runEvaluationTests(argc, argv);
    failures += runCalibrationGuiTests(argc, argv);
    failures += runQuantizeGuiTests(argc, argv);
    failures += runExportGuiTests(argc, argv);
    failures += runPlanEditorTests(argc, argv);
    failures += runLaunchPathsTests(argc, argv);
    failures += runDesktopDialogsTests(argc, argv);
    failures += runSensitivityGuiTests(argc, argv);
    failures += runComparisonGuiTests(argc, argv);
    failures += runTranslationTests(argc, argv);
    return failures == 0 ? 0 : 1;
}
