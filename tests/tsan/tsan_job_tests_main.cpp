// The Workspace tests (tests/gui/test_workspace.cpp) without the rest of the GUI: the job runner
// needs an event loop, not a window, so the ThreadSanitizer tree builds it on Qt Core alone.
#include <QCoreApplication>
#include <QStandardPaths>

int runWorkspaceTests(int argc, char** argv);

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("QuantBench"));
    QCoreApplication::setApplicationName(QStringLiteral("quantbench-tsan-tests"));
    QStandardPaths::setTestModeEnabled(true);
    return runWorkspaceTests(argc, argv);
}
