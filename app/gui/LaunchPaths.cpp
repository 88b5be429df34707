#include "app/gui/LaunchPaths.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QProcess>
#include <QStatusBar>

#include "app/gui/MainWindow.h"

namespace qb {

LaunchPaths LaunchPaths::split(const QStringList& paths) {
    LaunchPaths split;
    for (const QString& path : paths) {
        const bool plan = QFileInfo(path).suffix().compare(QLatin1String("json"), Qt::CaseInsensitive) == 0;
        (plan ? split.plans : split.models).append(path);
    }
    return split;
}

void openLaunchPaths(MainWindow& window, const LaunchPaths& paths) {
    if (!paths.plans.isEmpty()) {
        const QString plan = paths.plans.first();
        QObject::connect(
            &window, &MainWindow::modelOpened, &window, [&window, plan] { window.importPlan(plan); },
            Qt::SingleShotConnection);
        if (paths.models.isEmpty()) {
            window.statusBar()->showMessage(
                QCoreApplication::translate("main", "Open a model to apply the plan %1.").arg(QFileInfo(plan).fileName()));
        }
    }
    if (paths.models.isEmpty()) {
        return;
    }
    window.openPath(paths.models.first());
    for (qsizetype i = 1; i < paths.models.size(); ++i) {
        QProcess::startDetached(QCoreApplication::applicationFilePath(), {paths.models[i]});
    }
}

} // namespace qb
