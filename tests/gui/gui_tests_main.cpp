// Runs the GUI test classes in one QApplication (Qt Test runs one class per qExec call): all of
// them, or the one --class names.
#include <QApplication>
#include <QStandardPaths>
#include <cstdio>
#include <cstring>
#include <string>

int runAutosaveGuiTests(int argc, char** argv);
int runCalibrationGuiTests(int argc, char** argv);
int runComparisonGuiTests(int argc, char** argv);
int runComparisonLlmGuiTests(int argc, char** argv);
int runDesktopDialogsTests(int argc, char** argv);
int runEvaluationTests(int argc, char** argv);
int runExportGuiTests(int argc, char** argv);
int runLatencyGuiTests(int argc, char** argv);
int runGraphViewGuiTests(int argc, char** argv);
int runKernelTableGuiTests(int argc, char** argv);
int runJobProgressGuiTests(int argc, char** argv);
int runLaunchPathsTests(int argc, char** argv);
int runWorkspaceTests(int argc, char** argv);
int runMainWindowTests(int argc, char** argv);
int runQuantizeGuiTests(int argc, char** argv);
int runPlanEditorTests(int argc, char** argv);
int runSensitivityGuiTests(int argc, char** argv);
int runTranslationTests(int argc, char** argv);

namespace {

// Each class under the name ctest knows it by (tests/gui/CMakeLists.txt: one ctest entry each).
struct TestClass {
    const char* name;
    int (*run)(int, char**);
};
constexpr TestClass kClasses[] = {
    {"Workspace", runWorkspaceTests},         {"MainWindow", runMainWindowTests},
    {"Evaluation", runEvaluationTests},       {"CalibrationGui", runCalibrationGuiTests},
    {"QuantizeGui", runQuantizeGuiTests},     {"ExportGui", runExportGuiTests},
    {"PlanEditor", runPlanEditorTests},       {"LaunchPaths", runLaunchPathsTests},
    {"DesktopDialogs", runDesktopDialogsTests}, {"SensitivityGui", runSensitivityGuiTests},
    {"ComparisonGui", runComparisonGuiTests}, {"Translation", runTranslationTests},
    {"AutosaveGui", runAutosaveGuiTests},
    {"LatencyGui", runLatencyGuiTests},
    {"ComparisonLlmGui", runComparisonLlmGuiTests},
    {"GraphViewGui", runGraphViewGuiTests},
    {"KernelTableGui", runKernelTableGuiTests},
    {"JobProgressGui", runJobProgressGuiTests},
};

} // namespace

// qb_gui_tests [--class NAME] [Qt Test arguments]: every class, or only NAME.
int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("QuantBench"));
    QApplication::setApplicationName(QStringLiteral("quantbench-gui-tests"));
    // Keeps QSettings (recent files, layout) away from the user's real configuration.
    QStandardPaths::setTestModeEnabled(true);
    std::string only;
    if (argc >= 3 && std::strcmp(argv[1], "--class") == 0) {
        only = argv[2];
        argv[2] = argv[0]; // Qt Test reads argv[0] as the program name
        argv += 2;
        argc -= 2;
    }
    int failures = 0, ran = 0;
    for (const TestClass& c : kClasses) {
        if (!only.empty() && only != c.name) continue;
        failures += c.run(argc, argv);
        ++ran;
    }
    if (ran == 0) {
        std::fprintf(stderr, "no GUI test class named %s\n", only.c_str());
        return 2;
    }
    return failures == 0 ? 0 : 1;
}
