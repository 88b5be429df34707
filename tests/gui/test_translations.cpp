// The UI language: the environment picks it, the German and Chinese catalogues load, and
// File > Settings switches it live. QB_SCREENSHOT_DIR=... keeps pictures of the window after
// switching to German and to Simplified Chinese.
#include <QDir>
#include <QScopeGuard>
#include <QDockWidget>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>
#include <QUndoStack>

#include "app/gui/AppSettings.h"
#include "app/gui/JobStages.h"
#include "app/gui/LanguageSwitch.h"
#include "app/gui/MainWindow.h"
#include "app/gui/SettingsDialog.h"
#include "app/gui/Translations.h"
#include "core/quant/plan.h"
#include "widgets/ChannelRangeView.h"
#include "widgets/HistogramView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/ModelSummaryView.h"
#include "widgets/TextFormat.h"

namespace {

QString firstMenuTitle() {
    qb::MainWindow window;
    return window.menuBar()->actions().value(0)->text();
}

QAction* menuAction(QMenuBar* bar, int menu, int item) {
    QMenu* m = bar->actions().value(menu)->menu();
    return m ? m->actions().value(item) : nullptr;
}

QString dockTitle(const qb::MainWindow& window, const char* name) {
    const auto* dock = window.findChild<QDockWidget*>(QLatin1String(name));
    return dock ? dock->windowTitle() : QStringLiteral("<no dock %1>").arg(QLatin1String(name));
}

// The first label of a form row whose buddy is `buddy`.
QString buddyLabel(const QWidget* dialog, const char* buddy) {
    for (const QLabel* label : dialog->findChildren<QLabel*>()) {
        if (label->buddy() && label->buddy()->objectName() == QLatin1String(buddy)) return label->text();
    }
    return QStringLiteral("<no label for %1>").arg(QLatin1String(buddy));
}

bool labelStartingWith(const QWidget* parent, const QString& start) {
    QStringList seen;
    for (const QLabel* label : parent->findChildren<QLabel*>()) {
        if (label->text().startsWith(start)) return true;
        seen << label->text();
    }
    qWarning("no label starts with %s: %s", qPrintable(start), qPrintable(seen.join(QStringLiteral(" | "))));
    return false;
}

void saveShot(QWidget& widget, const QString& name) {
    if (const QString dir = qEnvironmentVariable("QB_SCREENSHOT_DIR"); !dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
    }
}

// File > Settings' OK with `language`: what the user does.
void chooseLanguage(qb::MainWindow& window, const QString& language) {
    qb::AppSettings settings = qb::AppSettings::load();
    settings.language = language;
    window.applySettings(settings);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::LanguageChange);
}

} // namespace

class TranslationTest : public QObject {
    Q_OBJECT
private slots:
    void environmentChoosesLanguage() {
        const QByteArray saved = qgetenv("LANGUAGE");
        qputenv("LANGUAGE", "de_DE.UTF-8:en");
        QCOMPARE(qb::requestedLocale().language(), QLocale::German);
        qputenv("LANGUAGE", "zh_CN");
        QCOMPARE(qb::requestedLocale().language(), QLocale::Chinese);
        qputenv("LANGUAGE", saved);
    }

    // Plot messages are wrapped by hand: at spaces, and anywhere in a run of CJK (two columns each).
    void messagesWrapForPlots() {
        QCOMPARE(qb::wrappedText("one two three four", 9), QStringLiteral("one two\nthree\nfour"));
        QCOMPARE(qb::wrappedText("short", 40), QStringLiteral("short"));
        QCOMPARE(qb::wrappedText(QStringLiteral("x 没有已校准的输入"), 8), QStringLiteral("x\n没有已校\n准的输入"));
    }

    void germanMenus() {
        QCOMPARE(firstMenuTitle(), QStringLiteral("&File"));
        QTranslator* german = qb::installTranslations(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(german);
        QCOMPARE(firstMenuTitle(), QStringLiteral("&Datei"));
        QCOMPARE(qb::MainWindow::tr("&Open…"), QStringLiteral("Ö&ffnen…"));
        QCOMPARE(qb::MainWindow::tr("&Evaluate…"), QStringLiteral("&Auswerten…"));
        QCOMPARE(qb::Workspace::tr("Saving %1"), QStringLiteral("%1 wird gespeichert"));
        QCoreApplication::removeTranslator(german);
        QCOMPARE(firstMenuTitle(), QStringLiteral("&File"));
    }

    // Core reports stages in English; counted ones ("batch 3/40") translate through their %1/%2 form.
    void coreStagesTranslate() {
        QTranslator* german = qb::installTranslations(QLocale(QLocale::German, QLocale::Germany));
        QVERIFY(german);
        QCOMPARE(qb::translatedStage(QStringLiteral("batch 3/40")), QStringLiteral("Stapel 3/40"));
        QCOMPARE(qb::translatedStage(QStringLiteral("window 12/250")), QStringLiteral("Fenster 12/250"));
        QCOMPARE(qb::translatedStage(QStringLiteral("loading data")), QStringLiteral("Daten werden geladen"));
        // A counted stage with a detail: the count translates, the scheme or method name stays.
        QCOMPARE(qb::translatedStage(QStringLiteral("layer 2/9: gptq")), QStringLiteral("Schicht 2/9: gptq"));
        QCOMPARE(qb::translatedStage(QStringLiteral("layer 3/36: int4_g32_sym")),
                 QStringLiteral("Schicht 3/36: int4_g32_sym"));
        QCOMPARE(qb::translatedStage(QStringLiteral("fp32 reference")), QStringLiteral("fp32-Referenz"));
        // Only a ": " after the count is a detail; other text after it leaves the stage untranslated.
        QCOMPARE(qb::translatedStage(QStringLiteral("layer 3/36 int4")), QStringLiteral("layer 3/36 int4"));
        QCoreApplication::removeTranslator(german);
        QCOMPARE(qb::translatedStage(QStringLiteral("batch 3/40")), QStringLiteral("batch 3/40"));
    }

    // Settings' language applies at once: menus, actions, dock titles, a table header and an open
    // dialog in German, then Chinese, then English again, without a new window.
    void liveSwitch() {
        // The test-mode settings are shared with the other classes: back to following the system.
        const auto restore = qScopeGuard([] {
            qb::AppSettings restored = qb::AppSettings::load();
            restored.language.clear();
            restored.save();
        });
        qb::installTextRecorder();
        qb::MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy analyzed(&window, &qb::MainWindow::tensorAnalyzed);
        window.openPath(QStringLiteral(QB_SHARED_DIR "/models/gguf/stories260K.gguf"));
        QVERIFY(analyzed.wait(120000)); // opened, and the first weight's plots are drawn
        auto* settings = new qb::SettingsDialog(qb::AppSettings::load(), &window);
        settings->setAttribute(Qt::WA_DeleteOnClose);
        settings->show();
        QTreeWidget* properties = window.findChild<qb::ModelSummaryView*>()->findChild<QTreeWidget*>();
        QVERIFY(properties);
        QMenuBar* bar = window.menuBar();
        QCOMPARE(bar->actions().value(0)->text(), QStringLiteral("&File"));
        QCOMPARE(menuAction(bar, 0, 0)->text(), QStringLiteral("&Open…"));
        QCOMPARE(dockTitle(window, "layersDock"), QStringLiteral("Layers"));
        QCOMPARE(properties->headerItem()->text(0), QStringLiteral("Property"));
        QCOMPARE(buddyLabel(settings, "settingsTheme"), QStringLiteral("&Theme:"));

        chooseLanguage(window, QStringLiteral("de"));
        QCOMPARE(bar->actions().value(0)->text(), QStringLiteral("&Datei"));
        QCOMPARE(bar->actions().value(2)->text(), QStringLiteral("&Modell"));
        QCOMPARE(menuAction(bar, 0, 0)->text(), QStringLiteral("Ö&ffnen…"));
        QCOMPARE(window.saveProjectAction()->text(), qb::MainWindow::tr("&Save Project"));
        QVERIFY(window.saveProjectAction()->text() != QStringLiteral("&Save Project"));
        QCOMPARE(window.evaluateAction()->text(), QStringLiteral("&Auswerten…"));
        QCOMPARE(dockTitle(window, "layersDock"), QStringLiteral("Schichten"));
        QCOMPARE(dockTitle(window, "overviewDock"), QStringLiteral("Schichtübersicht"));
        QCOMPARE(dockTitle(window, "logDock"), QStringLiteral("Protokoll"));
        QCOMPARE(properties->headerItem()->text(0), QStringLiteral("Eigenschaft"));
        // Texts built with numbers are built again: the layer totals and the model's counts.
        QVERIFY(labelStartingWith(window.layerBrowser(), QStringLiteral("Tensoren: 48 · Parameter: ")));
        QVERIFY(labelStartingWith(window.findChild<qb::ModelSummaryView*>(), QStringLiteral("48 Tensoren")));
        // A custom model's header asks tr() as it is painted: the layers table's "Kind" column.
        const QAbstractItemModel* layers = window.layerBrowser()->tableView()->model();
        QCOMPARE(layers->headerData(1, Qt::Horizontal).toString(), QStringLiteral("Art"));
        QCOMPARE(buddyLabel(settings, "settingsTheme"), QStringLiteral("&Farbschema:"));
        // Undo's prefix is kept by the undo stack: an edit after the switch reads German too.
        qb::PlanDocument* doc = window.planEditor()->document();
        doc->replacePlan(qb::quant::parsePlan(R"({"default": {"bits": 8}})", "test"), QStringLiteral("edit"));
        QCOMPARE(window.undoAction()->text(), QStringLiteral("&Rückgängig edit"));
        doc->undoStack()->undo();
        QCOMPARE(window.redoAction()->text(), QStringLiteral("&Wiederholen edit"));
        QTest::qWait(200); // the menu bar lays its new titles out from the event loop
        saveShot(window, QStringLiteral("main-window-de.png"));

        chooseLanguage(window, QStringLiteral("zh_CN"));
        QCOMPARE(bar->actions().value(0)->text(), QStringLiteral("文件(&F)"));
        QCOMPARE(window.evaluateAction()->text(), QStringLiteral("评估(&E)…"));
        // The plots' titles are built with numbers: built again.
        QVERIFY(labelStartingWith(window.histogramView(), QStringLiteral("<b>token_embd.weight</b> — 2,048 个分箱")));
        QVERIFY(labelStartingWith(window.channelRangeView(), QStringLiteral("<b>token_embd.weight</b> — 沿轴 0 的 512 个通道")));
        QCOMPARE(dockTitle(window, "layersDock"), QStringLiteral("层"));
        QTest::qWait(200);
        saveShot(window, QStringLiteral("main-window-zh_CN.png"));

        chooseLanguage(window, QStringLiteral("en"));
        QCOMPARE(bar->actions().value(0)->text(), QStringLiteral("&File"));
        QCOMPARE(menuAction(bar, 0, 0)->text(), QStringLiteral("&Open…"));
        QCOMPARE(window.evaluateAction()->text(), QStringLiteral("&Evaluate…"));
        QCOMPARE(dockTitle(window, "layersDock"), QStringLiteral("Layers"));
        QCOMPARE(properties->headerItem()->text(0), QStringLiteral("Property"));
        QCOMPARE(buddyLabel(settings, "settingsTheme"), QStringLiteral("&Theme:"));
    }

    void chineseMenus() {
        QTranslator* chinese = qb::installTranslations(QLocale(QLocale::Chinese, QLocale::China));
        QVERIFY(chinese);
        QCOMPARE(firstMenuTitle(), QStringLiteral("文件(&F)"));
        QCOMPARE(qb::MainWindow::tr("&Evaluate…"), QStringLiteral("评估(&E)…"));
        QCOMPARE(qb::Workspace::tr("out of memory"), QStringLiteral("内存不足"));
        QCOMPARE(qb::translatedStage(QStringLiteral("layer 3/36: q4_K")), QStringLiteral("第 3/36 层: q4_K"));
        QCOMPARE(qb::MainWindow::tr("&Sensitivity…"), QStringLiteral("敏感度(&S)…"));
        QCoreApplication::removeTranslator(chinese);
    }
};

int runTranslationTests(int argc, char** argv) {
    TranslationTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_translations.moc"
