// quantbench: the desktop workbench. Parses the command line, loads the UI language and opens
// the main window (with a model or a project, if one is given).
#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <cstdio>
#include <cstring>
#include <memory>

#include "app/gui/AppSettings.h"
#include "app/gui/Autosave.h"
#include "app/gui/EvaluationSettings.h"
#include "app/gui/LanguageSwitch.h"
#include "app/gui/LaunchPaths.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ScreenshotTaker.h"
#include "app/gui/Translations.h"

namespace {

// --help and --version print text only, so they must work without a display.
bool onlyPrintsText(int argc, char* argv[]) {
    for (int i = 1; i < argc; ++i) {
        for (const char* flag : {"-h", "--help", "-?", "--help-all", "-v", "--version"}) {
            if (std::strcmp(argv[i], flag) == 0) {
                return true;
            }
        }
    }
    return false;
}

} // namespace

int main(int argc, char* argv[]) {
    const std::unique_ptr<QCoreApplication> app = onlyPrintsText(argc, argv)
                                                      ? std::make_unique<QCoreApplication>(argc, argv)
                                                      : std::make_unique<QApplication>(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("QuantBench"));
    QCoreApplication::setApplicationName(QStringLiteral("quantbench"));
    QCoreApplication::setApplicationVersion(QStringLiteral(QB_VERSION));
    qb::installTranslations(qb::requestedLocale());
    qb::installTextRecorder(); // after the translations: File > Settings can switch the language live

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("main", "Open a neural network and inspect its weights."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("files"),
        QCoreApplication::translate("main", "Model files, safetensors folders or projects (.qbproj) to open, each in its "
                                            "own window, and a plan (.json) to load into the plan editor."),
        QStringLiteral("[files...]"));
    // For documentation and CI: select a tensor, save a PNG of the window once it is drawn, quit.
    QCommandLineOption select(QStringLiteral("select"),
                              QCoreApplication::translate("main", "Select the tensor <name> after opening."),
                              QStringLiteral("name"));
    select.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QCoreApplication::translate("main", "Save a screenshot to <file> when the plots are ready, then quit."),
        QStringLiteral("file"));
    screenshot.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption evaluate(
        QStringLiteral("evaluate"),
        QCoreApplication::translate("main", "Evaluate the model on <data> once it is open, with the settings last used "
                                            "for it."),
        QStringLiteral("data"));
    evaluate.setFlags(QCommandLineOption::HiddenFromHelp);
    // File > Recover Unsaved Work in a window that holds work already: the recovery opens in a new one.
    QCommandLineOption recover(QStringLiteral("recover"),
                               QCoreApplication::translate("main", "Recover the autosave of <record>."),
                               QStringLiteral("record"));
    recover.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(recover);
    parser.addOption(select);
    parser.addOption(screenshot);
    parser.addOption(evaluate);
    parser.process(*app);

    const qb::LaunchPaths paths = qb::LaunchPaths::split(parser.positionalArguments());
    const QStringList& models = paths.models;
    QString usageError;
    if (models.size() > 1 && parser.isSet(screenshot)) {
        usageError = QCoreApplication::translate("main", "--screenshot takes one model.");
    } else if (parser.isSet(screenshot) && models.isEmpty()) {
        usageError = QCoreApplication::translate("main", "--screenshot needs a model or a project.");
    } else if (parser.isSet(evaluate) && models.isEmpty()) {
        usageError = QCoreApplication::translate("main", "--evaluate needs a model.");
    }
    if (!usageError.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(usageError));
        return 2;
    }

    QApplication::setApplicationDisplayName(QStringLiteral("QuantBench"));
    qb::applyTheme(qb::AppSettings::load().theme);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/quantbench.png")));
    qb::MainWindow window;
    if (parser.isSet(screenshot)) {
        new qb::ScreenshotTaker(&window, parser.value(select), parser.value(screenshot), parser.isSet(evaluate));
    } else {
        window.restoreLayout();
    }
    window.show();
    qb::openLaunchPaths(window, paths);
    if (parser.isSet(recover)) {
        window.recover(qb::AutosaveRecord::read(parser.value(recover)));
    } else if (models.isEmpty() && !parser.isSet(screenshot)) {
        // Work a crashed or killed QuantBench left: offered at a plain start (File > Recover
        // Unsaved Work offers it later), not to each window opened for a file.
        window.offerRecovery();
    }
    if (parser.isSet(select) && !parser.isSet(screenshot)) {
        QObject::connect(&window, &qb::MainWindow::modelOpened, &window,
                         [&window, name = parser.value(select)] { window.selectTensor(name); });
    }
    if (parser.isSet(evaluate)) {
        QObject::connect(
            &window, &qb::MainWindow::modelOpened, &window,
            [&window, data = parser.value(evaluate)](const QString& path) {
                qb::EvaluationSettings settings = qb::EvaluationSettings::load(path);
                settings.dataPath = data;
                window.evaluate(settings);
            },
            Qt::SingleShotConnection);
    }
    return QCoreApplication::exec();
}
