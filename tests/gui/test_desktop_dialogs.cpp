// Help > About with the libraries' run-time versions (checked against each library asked
// directly), the Settings dialog and what its values change, and the start page.
// QB_SCREENSHOT_DIR=<folder> also saves a PNG of each for the docs.
#include <H5public.h>
#include <QSet>
#include <QApplication>
#include <QDir>
#include <QTest>
#include <QTreeWidget>
#include <oneapi/dnnl/dnnl.h>
#include <qcustomplot.h>

#include <QComboBox>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QLineEdit>
#include <QMenu>
#include <QListWidget>
#include <QMenuBar>
#include <QPushButton>
#include <QTemporaryDir>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <omp.h>

#include "app/gui/AboutDialog.h"
#include "app/gui/AppSettings.h"
#include "app/gui/LibraryVersions.h"
#include "app/gui/MainWindow.h"
#include "app/gui/SettingsDialog.h"
#include "app/gui/ShortcutsDialog.h"
#include "app/gui/StartPage.h"
#include "app/gui/Translations.h"
#include "app/gui/Autosave.h"
#include "app/gui/Workspace.h"
#include "core/engine/cpu_isa.h"
#include "core/util/parallel.h"
#include "widgets/PlotContextMenu.h"
#include "screenshots.h"

namespace {

const QString kMnist = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");

QString row(const QTreeWidget* table, const QString& name, int column) {
    for (int i = 0; i < table->topLevelItemCount(); ++i) {
        if (table->topLevelItem(i)->text(0) == name) return table->topLevelItem(i)->text(column);
    }
    return QStringLiteral("<no row %1>").arg(name);
}

} // namespace

class DesktopDialogsTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { QSettings().remove(QStringLiteral("settings")); }

    // The file name of a loaded library carries its full version: Qt Core's is qVersion()'s.
    void readsVersionsOfLoadedLibraries() {
        QCOMPARE(qb::sharedLibraryVersion(reinterpret_cast<const void*>(&qVersion)), QString::fromLatin1(qVersion()));
        QCOMPARE(qb::sharedLibraryVersion(reinterpret_cast<const void*>(&QCustomPlot::staticMetaObject)),
                 QStringLiteral(QCUSTOMPLOT_VERSION_STR));
        // Not in a shared library: this test program itself.
        static const int local = 0;
        QCOMPARE(qb::sharedLibraryVersion(&local), QString());
    }

    void aboutListsRuntimeVersions() {
        qb::AboutDialog about;
        const QTreeWidget* table = about.versionTable();
        QCOMPARE(row(table, QStringLiteral("Qt"), 1), QString::fromLatin1(qVersion()));
        QCOMPARE(row(table, QStringLiteral("QCustomPlot"), 1), QStringLiteral("2.1.0"));
        const dnnl_version_t* dnnl = dnnl_version();
        QCOMPARE(row(table, QStringLiteral("oneDNN"), 1),
                 QStringLiteral("%1.%2.%3").arg(dnnl->major).arg(dnnl->minor).arg(dnnl->patch));
        QVERIFY(row(table, QStringLiteral("oneDNN"), 2).endsWith(QString::fromStdString(qb::engine::int8Isa().isa)));
        unsigned major = 0, minor = 0, release = 0;
        H5get_libversion(&major, &minor, &release);
        QCOMPARE(row(table, QStringLiteral("HDF5"), 1), QStringLiteral("%1.%2.%3").arg(major).arg(minor).arg(release));
        QCOMPARE(row(table, QStringLiteral("Eigen"), 1), QStringLiteral("3.4.0"));
        QCOMPARE(row(table, QStringLiteral("ONNX"), 1), QStringLiteral("1.12.0"));
        QVERIFY2(row(table, QStringLiteral("ONNX"), 2).contains(QStringLiteral("17")), qPrintable(row(table, QStringLiteral("ONNX"), 2)));
        // The CPU row agrees with the compiler's own cpuid checks.
        const QString cpu = row(table, QStringLiteral("CPU"), 1);
        QCOMPARE(cpu.contains(QStringLiteral("AVX2")), bool(__builtin_cpu_supports("avx2")));
        QCOMPARE(cpu.contains(QStringLiteral("AVX-512")), bool(__builtin_cpu_supports("avx512f")));
        QVERIFY(about.versionsText().contains(QStringLiteral("HDF5 %1.%2.%3").arg(major).arg(minor).arg(release)));
        about.show();
        QVERIFY(QTest::qWaitForWindowExposed(&about));
        QVERIFY(qb::test::saveScreenshot(&about, QStringLiteral("about.png")));
    }

    void settingsDialogShowsAndReturnsTheSettings() {
        qb::AppSettings initial;
        initial.language = QStringLiteral("zh_CN");
        initial.threads = 3;
        initial.calibrationSamples = 200;
        initial.dataFolder = QStringLiteral("/data/sets");
        initial.theme = qb::AppSettings::Theme::Dark;
        initial.autosaveMinutes = 12;
        qb::SettingsDialog dialog(initial);
        qb::AppSettings shown = dialog.settings();
        QCOMPARE(shown.language, initial.language);
        QCOMPARE(shown.threads, 3);
        QCOMPARE(shown.calibrationSamples, 200);
        QCOMPARE(shown.dataFolder, initial.dataFolder);
        QCOMPARE(shown.modelFolder, QString());
        QVERIFY(shown.theme == qb::AppSettings::Theme::Dark);
        QCOMPARE(shown.autosaveMinutes, 12);
        auto* autosave = dialog.findChild<QSpinBox*>(QStringLiteral("settingsAutosave"));
        autosave->setValue(0);
        QCOMPARE(autosave->text(), qb::SettingsDialog::tr("Off"));
        QCOMPARE(dialog.settings().autosaveMinutes, 0);
        dialog.findChild<QComboBox*>(QStringLiteral("settingsLanguage"))->setCurrentIndex(0);
        dialog.findChild<QSpinBox*>(QStringLiteral("settingsThreads"))->setValue(0);
        dialog.findChild<QLineEdit*>(QStringLiteral("settingsModelFolder"))->setText(QStringLiteral(" /models "));
        shown = dialog.settings();
        QCOMPARE(shown.language, QString());
        QCOMPARE(shown.threads, 0);
        QCOMPARE(shown.modelFolder, QStringLiteral("/models"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(qb::test::saveScreenshot(&dialog, QStringLiteral("settings.png")));
    }

    // Applied settings reach what they set: the palette, a job's thread count (core and OpenMP),
    // Calibrate's samples, the folders the choosers start in, the autosave interval, the language.
    void appliedSettingsTakeEffect() {
        const QColor startWindow = QApplication::palette().color(QPalette::Window);
        qb::MainWindow window;
        window.show();
        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        window.openPath(kMnist);
        QVERIFY(opened.wait(120000));

        qb::AppSettings s;
        s.language = QStringLiteral("de");
        s.threads = 1;
        s.calibrationSamples = 7;
        s.modelFolder = QStringLiteral("/srv/models");
        s.dataFolder = QStringLiteral("/srv/data");
        s.theme = qb::AppSettings::Theme::Dark;
        s.autosaveMinutes = 2;
        window.applySettings(s);
        QCOMPARE(qb::AppSettings::load().calibrationSamples, 7);
        QCOMPARE(window.autosave()->intervalMinutes(), 2);
        QCOMPARE(qb::AppSettings::load().autosaveMinutes, 2);
        QVERIFY2(QApplication::palette().color(QPalette::Window).lightness() < 80,
                 qPrintable(QApplication::palette().color(QPalette::Window).name()));
        QCOMPARE(qb::requestedLocale().language(), QLocale::German);
        QCOMPARE(window.startFolder(), QStringLiteral("/srv/models"));
        QCOMPARE(qb::AppSettings::load().dataStartFolder(QString()), QStringLiteral("/srv/data"));
        QCOMPARE(qb::AppSettings::load().dataStartFolder(QStringLiteral("/x/y")), QStringLiteral("/x/y"));
        QCOMPARE(jobThreads(window), 1);
        QCOMPARE(qb::threadCount(), 1);

        window.showCalibrateDialog();
        auto* samples = window.findChild<QSpinBox*>(QStringLiteral("calibSamples"));
        QVERIFY(samples);
        QCOMPARE(samples->value(), 7);
        if (auto* dialog = samples->window(); dialog != &window) dialog->close();

        window.applySettings(qb::AppSettings{});
        QCOMPARE(window.autosave()->intervalMinutes(), 5);
        QCOMPARE(QApplication::palette().color(QPalette::Window), startWindow);
        QCOMPARE(jobThreads(window), omp_get_max_threads());
        QVERIFY(qb::requestedLocale().language() != QLocale::German || qgetenv("LANGUAGE").startsWith("de"));
    }

    // Before a model: the start page lists the recent files and opens one, or the demo model found
    // where the package puts it (XDG_DATA_DIRS/quantbench/demo), and hides once a model is open.
    void startPageOpensRecentAndDemo() {
        QTemporaryDir data;
        QVERIFY(QDir().mkpath(data.filePath(QStringLiteral("quantbench/demo"))));
        const QString demo = data.filePath(QStringLiteral("quantbench/demo/ch_ppocr_mobile_v2.0_cls_infer.onnx"));
        QVERIFY(QFile::link(QStringLiteral(QB_SHARED_DIR "/models/onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx"), demo));
        const QByteArray savedDirs = qgetenv("XDG_DATA_DIRS");
        qputenv("XDG_DATA_DIRS", data.path().toUtf8());
        QCOMPARE(qb::StartPage::demoModelPath(), demo);

        qb::MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        qb::StartPage* start = window.startPage();
        QVERIFY(start->isVisible());
        QVERIFY(start->demoButton()->isEnabled());
        QVERIFY(start->geometry().top() >= window.menuBar()->geometry().bottom());
        start->setRecentFiles({kMnist, QStringLiteral("/p/run.qbproj")});
        QCOMPARE(start->recentList()->count(), 2);
        QVERIFY(start->recentList()->item(1)->text().startsWith(QStringLiteral("run.qbproj (project)")));
        QVERIFY(qb::test::saveScreenshot(&window, QStringLiteral("start-page.png")));

        QSignalSpy opened(&window, &qb::MainWindow::modelOpened);
        emit start->recentList()->itemActivated(start->recentList()->item(0));
        QVERIFY(opened.wait(120000));
        QCOMPARE(opened.takeFirst().at(0).toString(), kMnist);
        QVERIFY(!start->isVisible());

        // A second window, on the demo model.
        qb::MainWindow second;
        second.show();
        QSignalSpy demoOpened(&second, &qb::MainWindow::modelOpened);
        second.startPage()->demoButton()->click();
        QVERIFY(demoOpened.wait(120000));
        QCOMPARE(demoOpened.takeFirst().at(0).toString(), demo);
        qputenv("XDG_DATA_DIRS", savedDirs);
    }

    // Right-click on a plot: the menu; each format written with its own signature, PNG at twice
    // the plot's size, an unknown suffix refused without a file; Copy puts the plot's image up.
    void plotsSaveAndCopy() {
        qb::PlotContextMenu::install();
        QCustomPlot plot;
        plot.resize(400, 300);
        QCPGraph* graph = plot.addGraph();
        for (int i = 0; i < 50; ++i) graph->addData(i, (i % 7) * 0.5);
        plot.rescaleAxes();
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));

        QContextMenuEvent click(QContextMenuEvent::Mouse, QPoint(200, 150), plot.mapToGlobal(QPoint(200, 150)));
        QApplication::sendEvent(&plot, &click);
        auto* menu = qobject_cast<QMenu*>(QApplication::activePopupWidget());
        QVERIFY(menu);
        QStringList texts;
        for (QAction* a : menu->actions()) if (!a->isSeparator()) texts << a->text();
        QCOMPARE(texts, QStringList({QStringLiteral("Save as &PNG…"), QStringLiteral("Save as &SVG…"),
                                     QStringLiteral("Save as P&DF…"), QStringLiteral("&Copy")}));
        QVERIFY(qb::test::saveScreenshot(menu, QStringLiteral("plot-menu.png")));
        menu->close();

        QTemporaryDir dir;
        auto bytes = [&dir](const QString& name) {
            QFile f(dir.filePath(name));
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        };
        QCOMPARE(qb::savePlot(&plot, dir.filePath(QStringLiteral("p.png"))), QString());
        QVERIFY(bytes(QStringLiteral("p.png")).startsWith("\x89PNG"));
        QCOMPARE(QImage(dir.filePath(QStringLiteral("p.png"))).size(), QSize(800, 600));
        QCOMPARE(qb::savePlot(&plot, dir.filePath(QStringLiteral("p.svg"))), QString());
        const QByteArray svg = bytes(QStringLiteral("p.svg"));
        QVERIFY(svg.contains("<svg") && svg.trimmed().endsWith("</svg>"));
        QVERIFY2(svg.contains("<polyline") || svg.contains("<path"), "no line drawn in the SVG");
        QVERIFY(svg.size() > 2000);
        QCOMPARE(qb::savePlot(&plot, dir.filePath(QStringLiteral("p.pdf"))), QString());
        QVERIFY(bytes(QStringLiteral("p.pdf")).startsWith("%PDF"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("p.pdf.part.pdf"))));
        QVERIFY(qb::savePlot(&plot, dir.filePath(QStringLiteral("p.bmp"))).contains(QStringLiteral(".svg")));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("p.bmp"))));

        qb::copyPlot(&plot);
        const QImage copied = QApplication::clipboard()->image();
        QCOMPARE(copied.size(), plot.size() * plot.devicePixelRatio());
    }

    // Help > Keyboard Shortcuts lists the menus' shortcuts as the menus have them, nested menus too.
    void shortcutsListTheMenus() {
        qb::MainWindow window;
        qb::ShortcutsDialog dialog(window.menuBar());
        const QTreeWidget* table = dialog.table();
        QStringList rows;
        for (int i = 0; i < table->topLevelItemCount(); ++i) {
            const QTreeWidgetItem* item = table->topLevelItem(i);
            rows << item->text(0) + QLatin1Char('|') + item->text(1) + QLatin1Char('|') + item->text(2);
        }
        const auto native = [](QKeySequence::StandardKey k) { return QKeySequence(k).toString(QKeySequence::NativeText); };
        QVERIFY2(rows.contains(QStringLiteral("File|Open…|") + native(QKeySequence::Open)), qPrintable(rows.join(QLatin1Char('\n'))));
        QVERIFY(rows.contains(QStringLiteral("File|Settings…|Ctrl+,")));
        QVERIFY(rows.contains(QStringLiteral("Model|Evaluate…|Ctrl+E")));
        QVERIFY(rows.contains(QStringLiteral("Help|Keyboard Shortcuts|Ctrl+/")));
        QVERIFY(rows.contains(QStringLiteral("File|Quit|Ctrl+Q")));
        QVERIFY(rows.contains(QStringLiteral("File|Save Project As…|Ctrl+Shift+S")));
        // Every action with a shortcut in the window's menus, counted another way.
        int withShortcut = 0;
        for (const QAction* a : window.findChildren<QAction*>()) {
            if (a->shortcut().isEmpty() || a->associatedObjects().isEmpty()) continue;
            for (const QObject* o : a->associatedObjects()) {
                if (qobject_cast<const QMenu*>(o)) { ++withShortcut; break; }
            }
        }
        QCOMPARE(table->topLevelItemCount(), withShortcut);
        // Every action of the Model and Plan menus has a shortcut, and no two actions share one.
        QSet<QString> seen;
        for (int i = 0; i < table->topLevelItemCount(); ++i) {
            const QString keys = table->topLevelItem(i)->text(2);
            QVERIFY2(!seen.contains(keys), qPrintable(keys + QStringLiteral(" is used twice")));
            seen.insert(keys);
        }
        for (QMenu* menu : window.menuBar()->findChildren<QMenu*>()) {
            const QString title = menu->title().remove(QLatin1Char('&'));
            if (title != QStringLiteral("Model") && title != QStringLiteral("Plan")) continue;
            for (const QAction* a : menu->actions())
                if (!a->isSeparator() && !a->menu())
                    QVERIFY2(!a->shortcut().isEmpty(), qPrintable(title + QStringLiteral(" > ") + a->text() + QStringLiteral(" has no shortcut")));
        }
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(qb::test::saveScreenshot(&dialog, QStringLiteral("shortcuts.png")));
    }

private:
    // The OpenMP team size a job of this window's workspace runs with.
    static int jobThreads(qb::MainWindow& window) {
        int threads = -1;
        qb::JobHandlers<int> handlers;
        handlers.done = [&threads](int n, qint64) { threads = n; };
        window.workspace()->start<int>(qb::Workspace::JobKind::Analysis, QStringLiteral("threads"),
                                       [](qb::JobContext&) { return omp_get_max_threads(); }, std::move(handlers));
        (void)QTest::qWaitFor([&threads] { return threads != -1; }, 10000); // the caller checks the value
        return threads;
    }
};

int runDesktopDialogsTests(int argc, char** argv) {
    DesktopDialogsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_desktop_dialogs.moc"
