// The UI language: the environment picks it, and the German and Chinese catalogues load.
#include <QMenuBar>
#include <QTest>
#include <QTranslator>

#include "app/gui/JobStages.h"
#include "app/gui/MainWindow.h"
#include "app/gui/Translations.h"
#include "widgets/TextFormat.h"

namespace {

QString firstMenuTitle() {
    qb::MainWindow window;
    return window.menuBar()->actions().value(0)->text();
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
