// What the command line asked the GUI to open. A file manager passes every selected file
// (quantbench.desktop has Exec=quantbench %F), so several models and a plan may come at once.
#pragma once
#include <QString>
#include <QStringList>

namespace qb {

class MainWindow;

/// The paths given to `quantbench`, split into models (files, safetensors folders, projects) and
/// plan JSON files (by the .json suffix, as the plan dialogs name them).
struct LaunchPaths {
    QStringList models;
    QStringList plans;

    static LaunchPaths split(const QStringList& paths);
};

/// Opens the first model in `window` and starts one more `quantbench` process per further model,
/// each with its own window. The first plan is imported into the plan editor once a model is open:
/// the one opened here, or the next one the user opens when only a plan was given.
void openLaunchPaths(MainWindow& window, const LaunchPaths& paths);

} // namespace qb
