// Help > About with the libraries' run-time versions (checked against each library asked
// directly), the Settings dialog and what its values change, and the start page.
// QB_GUI_SHOTS=<folder> also saves a PNG of each for the docs.
#include <H5public.h>
#include <QApplication>
#include <QDir>
#include <QTest>
#include <QTreeWidget>
#include <oneapi/dnnl/dnnl.h>
#include <qcustomplot.h>

#include "app/gui/AboutDialog.h"
#include "app/gui/LibraryVersions.h"
#include "core/engine/cpu_isa.h"

namespace {

void saveShot(QWidget& widget, const QString& name) {
    const QString folder = qEnvironmentVariable("QB_GUI_SHOTS");
    if (!folder.isEmpty()) {
        QDir().mkpath(folder);
        QVERIFY(widget.grab().save(QDir(folder).filePath(name)));
    }
}

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
        saveShot(about, QStringLiteral("about.png"));
    }
};

int runDesktopDialogsTests(int argc, char** argv) {
    DesktopDialogsTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_desktop_dialogs.moc"
