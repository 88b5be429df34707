#include "app/gui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include "app/gui/AboutDialog.h"
#include "app/gui/AppSettings.h"
#include "app/gui/Autosave.h"
#include "app/gui/JobProgressWidget.h"
#include "app/gui/LanguageSwitch.h"
#include "app/gui/RecentFiles.h"
#include "app/gui/SettingsDialog.h"
#include "app/gui/ShortcutsDialog.h"
#include "app/gui/StartPage.h"
#include "app/gui/Translations.h"
#include "app/gui/LaunchPaths.h"
#include "widgets/ChannelRangeView.h"
#include "widgets/ClipHistogramView.h"
#include "widgets/EvaluationPanel.h"
#include "widgets/HistogramView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LayerOverview.h"
#include "widgets/LogView.h"
#include "widgets/MemoryIndicator.h"
#include "widgets/ModelSummaryView.h"
#include "widgets/PlotContextMenu.h"

namespace qb {

namespace {
const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("lastDirectory");
const QString kProjectSuffix = QStringLiteral("qbproj");
} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      workspace_(std::make_unique<Workspace>()),
      layers_(new LayerBrowser(this)),
      summary_(new ModelSummaryView(this)),
      histogram_(new HistogramView(this)),
      channels_(new ChannelRangeView(this)),
      clipView_(new ClipHistogramView(this)),
      overview_(new LayerOverview(this)),
      evaluation_(new EvaluationPanel(this)),
      log_(new LogView(this)),
      progress_(new JobProgressWidget(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    PlotContextMenu::install();
    resize(1400, 900);
    createDocks();
    createMenus();
    statusBar()->addPermanentWidget(progress_);
    statusBar()->addPermanentWidget(new MemoryIndicator(this));
    progress_->watch(workspace_.get());
    workspace_->setThreads(AppSettings::load().threads);
    createAutosave();

    connect(workspace_.get(), &Workspace::modelChanged, this, &MainWindow::showModel);
    connect(workspace_.get(), &Workspace::projectChanged, this, &MainWindow::showProject);
    connect(workspace_.get(), &Workspace::modifiedChanged, this, &QWidget::setWindowModified);
    connect(workspace_.get(), &Workspace::projectSaved, this, &MainWindow::onSaved);
    connect(workspace_.get(), &Workspace::saveFailed, this, &MainWindow::onSaveFailed);
    connect(layers_, &LayerBrowser::tensorSelected, this, &MainWindow::analyze);
    connect(layers_, &LayerBrowser::tensorSelected, this, &MainWindow::showLayer);
    connect(overview_, &LayerOverview::layerClicked, this, [this](const QString& name) {
        if (!selectTensor(name)) { // hidden by the table's filter: show it here all the same
            showLayer(name);
        }
    });
    statusBar()->showMessage(tr("Open a model with File > Open or drop it on the window"));

    startPage_ = new StartPage(this);
    startPage_->setRecentFiles(recent_->paths());
    connect(startPage_, &StartPage::openFileRequested, this, &MainWindow::chooseFile);
    connect(startPage_, &StartPage::openProjectRequested, this, &MainWindow::chooseProject);
    connect(startPage_, &StartPage::openPathRequested, this, &MainWindow::openPath);
    connect(this, &MainWindow::modelOpened, startPage_, &QWidget::hide);
}

MainWindow::~MainWindow() = default;

void MainWindow::createDocks() {
    setDockNestingEnabled(true);
    QDockWidget* layers = addDock(tr("Layers"), QStringLiteral("layersDock"), layers_, Qt::LeftDockWidgetArea);
    QDockWidget* summary = addDock(tr("Summary"), QStringLiteral("summaryDock"), summary_, Qt::LeftDockWidgetArea);
    QDockWidget* histogram =
        addDock(tr("Histogram"), QStringLiteral("histogramDock"), histogram_, Qt::RightDockWidgetArea);
    QDockWidget* channels =
        addDock(tr("Channel Ranges"), QStringLiteral("channelDock"), channels_, Qt::RightDockWidgetArea);
    QDockWidget* evaluation =
        addDock(tr("Evaluation"), QStringLiteral("evaluationDock"), evaluation_, Qt::BottomDockWidgetArea);
    QDockWidget* log = addDock(tr("Log"), QStringLiteral("logDock"), log_, Qt::BottomDockWidgetArea);
    QDockWidget* clips = addDock(tr("Clip Ranges"), QStringLiteral("clipDock"), clipView_, Qt::RightDockWidgetArea);
    QDockWidget* overview =
        addDock(tr("Layer Overview"), QStringLiteral("overviewDock"), overview_, Qt::RightDockWidgetArea);
    splitDockWidget(evaluation, log, Qt::Horizontal);
    splitDockWidget(layers, summary, Qt::Vertical);
    splitDockWidget(histogram, channels, Qt::Vertical);
    // The calibration views share the plots' space; setProject() brings them to the front.
    tabifyDockWidget(histogram, clips);
    tabifyDockWidget(channels, overview);
    histogram->raise();
    channels->raise();
    resizeDocks({layers, histogram}, {740, 660}, Qt::Horizontal);
    resizeDocks({layers, summary}, {560, 180}, Qt::Vertical);
    resizeDocks({histogram, channels}, {470, 270}, Qt::Vertical);
    resizeDocks({evaluation, log}, {1050, 350}, Qt::Horizontal);
    resizeDocks({evaluation}, {280}, Qt::Vertical);
    createPlanDock();
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open…"), this, &MainWindow::chooseFile);
    open->setShortcut(QKeySequence::Open);
    open->setStatusTip(tr("Open an ONNX, GGUF, safetensors, llama2.c or Keras model"));
    QAction* openFolder = file->addAction(tr("Open &Folder…"), this, &MainWindow::chooseFolder);
    openFolder->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openFolder->setStatusTip(tr("Open a folder holding a safetensors checkpoint"));
    QAction* openProject = file->addAction(tr("Open &Project…"), this, &MainWindow::chooseProject);
    openProject->setStatusTip(tr("Open a calibration project (.qbproj) and its model"));
    QMenu* recentMenu = file->addMenu(tr("Open &Recent"));
    recent_ = new RecentFiles(recentMenu, this);
    connect(recent_, &RecentFiles::openRequested, this, &MainWindow::openPath);
    file->addSeparator();
    saveProjectAction_ = file->addAction(tr("&Save Project"), this, &MainWindow::saveProject);
    saveProjectAction_->setShortcut(QKeySequence::Save);
    saveProjectAction_->setStatusTip(tr("Save the calibration as a project (.qbproj)"));
    saveProjectAction_->setEnabled(false);
    saveProjectAsAction_ = file->addAction(tr("Save Project &As…"), this, &MainWindow::chooseProjectPath);
    saveProjectAsAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)); // QKeySequence::SaveAs is empty on some desktops
    saveProjectAsAction_->setEnabled(false);
    exportAction_ = file->addAction(tr("&Export…"), this, &MainWindow::showExportDialog);
    exportAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    exportAction_->setStatusTip(tr("Write the quantized model as GGUF, ONNX QDQ, GPTQ safetensors or HDF5"));
    exportAction_->setEnabled(false);
    file->addSeparator();
    QAction* settingsAction = file->addAction(tr("Se&ttings…"), this, &MainWindow::showSettings);
    settingsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma)); // QKeySequence::Preferences is empty on most Linux desktops
    settingsAction->setMenuRole(QAction::PreferencesRole);
    settingsAction->setStatusTip(tr("Language, theme, worker threads, calibration samples and default folders"));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q)); // QKeySequence::Quit is empty on some desktops
    createEditMenu();

    QMenu* modelMenu = menuBar()->addMenu(tr("&Model"));
    evaluateAction_ = modelMenu->addAction(tr("&Evaluate…"), this, &MainWindow::showEvaluateDialog);
    evaluateAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    evaluateAction_->setStatusTip(tr("Measure accuracy or perplexity of the open model on a dataset"));
    evaluateAction_->setEnabled(false);
    calibrateAction_ = modelMenu->addAction(tr("&Calibrate…"), this, &MainWindow::showCalibrateDialog);
    calibrateAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    calibrateAction_->setStatusTip(tr("Run calibration samples through the model and show where to clip each layer"));
    calibrateAction_->setEnabled(false);
    quantizeAction_ = modelMenu->addAction(tr("&Quantize…"), this, &MainWindow::showQuantizeDialog);
    quantizeAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    quantizeAction_->setStatusTip(tr("Quantize every layer's weights by uniform settings or a plan file"));
    quantizeAction_->setEnabled(false);
    createPlanMenu();
    createSensitivity(modelMenu);
    createLatency(modelMenu);
    createPlanner();
    createComparison(modelMenu);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        viewMenu_->addAction(dock->toggleViewAction());
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* shortcuts = help->addAction(tr("&Keyboard Shortcuts"), this, [this] {
        auto* dialog = new ShortcutsDialog(menuBar(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    help->addAction(tr("&About QuantBench"), this, &MainWindow::showAbout);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::chooseFile() {
    QSettings settings;
    const QStringList filters = {
        tr("Models (*.onnx *.gguf *.safetensors *.bin *.h5)"),
        tr("ONNX (*.onnx)"),
        tr("GGUF (*.gguf)"),
        tr("safetensors (*.safetensors *.json)"),
        tr("llama2.c checkpoints (*.bin)"),
        tr("Keras HDF5 (*.h5)"),
        tr("QuantBench projects (*.qbproj)"),
        tr("All files (*)"),
    };
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), startFolder(),
                                                      filters.join(QStringLiteral(";;")));
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
        openPath(path);
    }
}

void MainWindow::chooseFolder() {
    QSettings settings;
    const QString path =
        QFileDialog::getExistingDirectory(this, tr("Open safetensors Folder"), startFolder());
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, path);
        openPath(path);
    }
}

void MainWindow::chooseProject() {
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), startFolder(),
                                     tr("QuantBench projects (*.qbproj);;All files (*)"));
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
        openPath(path);
    }
}

QString MainWindow::startFolder() const {
    return AppSettings::load().modelStartFolder(QSettings().value(kLastDirKey).toString());
}

void MainWindow::showSettings() {
    auto* dialog = new SettingsDialog(AppSettings::load(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { applySettings(dialog->settings()); });
    dialog->open();
}

void MainWindow::applySettings(const AppSettings& settings) {
    const bool newLanguage = settings.language != AppSettings::load().language;
    settings.save();
    applyTheme(settings.theme);
    workspace_->setThreads(settings.threads);
    autosave_->setIntervalMinutes(settings.autosaveMinutes);
    if (newLanguage) {
        switchLanguage(requestedLocale());
    }
}

void MainWindow::showAbout() {
    auto* about = new AboutDialog(this);
    about->setAttribute(Qt::WA_DeleteOnClose);
    about->open();
}

bool MainWindow::chooseProjectPath() {
    if (!project()) {
        return false;
    }
    QSettings settings;
    const QString start = !projectPath().isEmpty()
                              ? projectPath()
                              : QFileInfo(QString::fromStdString(project()->modelPath)).completeBaseName() +
                                    QLatin1Char('.') + kProjectSuffix;
    const QString dir = settings.value(kLastDirKey).toString();
    QString path = QFileDialog::getSaveFileName(this, tr("Save Project"), QFileInfo(start).isAbsolute() ? start : dir + QLatin1Char('/') + start,
                                                tr("QuantBench projects (*.qbproj)"));
    if (path.isEmpty()) {
        return false;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QLatin1Char('.') + kProjectSuffix;
    }
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    return saveProjectAs(path);
}

void MainWindow::showModel() {
    const std::shared_ptr<const Model>& model = workspace_->model();
    if (!model) {
        return;
    }
    summary_->setModel(*model);
    histogram_->showMessage(tr("Select a tensor to see its histogram"));
    channels_->showMessage(tr("Select a tensor to see its per-channel ranges"));
    layers_->setModel(model);
    evaluateAction_->setEnabled(true);
    calibrateAction_->setEnabled(true);
    quantizeAction_->setEnabled(true);
}

void MainWindow::showProject() {
    const std::shared_ptr<const Project>& project = workspace_->project();
    const auto calibration = project ? std::shared_ptr<const Calibration>(project, &project->calibration) : nullptr;
    clipView_->setCalibration(calibration);
    overview_->setCalibration(calibration);
    layers_->setQuantization(project && project->quantization ? &*project->quantization : nullptr);
    saveProjectAction_->setEnabled(project != nullptr);
    saveProjectAsAction_->setEnabled(project != nullptr);
    exportAction_->setEnabled(project && project->quantization);
    if (project) {
        for (const char* name : {"clipDock", "overviewDock"}) {
            if (auto* dock = findChild<QDockWidget*>(QLatin1String(name))) {
                dock->show();
                dock->raise();
            }
        }
        // A new calibration starts at the network's first layer (execution order, unlike the
        // table's file order); selecting it updates every view through tensorSelected.
        const auto& calibrated = project->calibration.layers;
        if (!calibrated.empty()) selectTensor(QString::fromStdString(calibrated.front().name));
        showLayer(layers_->selectedTensor());
    }
}

void MainWindow::showLayer(const QString& name) {
    if (!project() || name.isEmpty()) {
        return;
    }
    clipView_->setLayer(name);
    overview_->setSelectedLayer(name);
}

bool MainWindow::selectTensor(const QString& name) { return layers_->selectTensor(name); }

void MainWindow::restoreLayout() {
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
    }
}

// As from a file manager: the first model opens here, further ones in their own windows, and a
// plan goes into the plan editor.
void MainWindow::dropEvent(QDropEvent* event) {
    QStringList paths;
    for (const QUrl& url : event->mimeData()->urls()) {
        if (url.isLocalFile()) paths << url.toLocalFile();
    }
    if (!paths.isEmpty()) {
        event->acceptProposedAction();
        openLaunchPaths(*this, LaunchPaths::split(paths));
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!confirmClose()) {
        event->ignore();
        return;
    }
    // Everything stops but a save; the workspace waits for them when the window goes.
    workspace_->stop();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
}

} // namespace qb
