#include "app/gui/MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

#include "app/gui/CalibrationDialog.h"
#include "app/gui/QuantizeDialog.h"
#include "core/quant/quantize_model.h"
#include "app/gui/EvaluationDialog.h"
#include "app/gui/JobProgressWidget.h"
#include "app/gui/JobRunner.h"
#include "app/gui/ModelEvaluation.h"
#include "app/gui/RecentFiles.h"
#include "app/gui/TensorAnalysis.h"
#include "core/formats/model_reader.h"
#include "core/util/error.h"
#include "widgets/ChannelRangeView.h"
#include "widgets/ClipHistogramView.h"
#include "widgets/EvaluationPanel.h"
#include "widgets/HistogramView.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LayerOverview.h"
#include "widgets/LogView.h"
#include "widgets/ModelSummaryView.h"
#include "widgets/TextFormat.h"

namespace qb {

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kLastDirKey = QStringLiteral("lastDirectory");

const QString kProjectSuffix = QStringLiteral("qbproj");

QString displayName(const QString& path) {
    const QFileInfo info(path);
    return info.fileName().isEmpty() ? path : info.fileName();
}

// What opening a project yields: the project, checked against its model, and that model.
struct OpenedProject {
    std::shared_ptr<const Project> project;
    std::shared_ptr<const Model> model;
};

} // namespace

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent),
      layers_(new LayerBrowser(this)),
      summary_(new ModelSummaryView(this)),
      histogram_(new HistogramView(this)),
      channels_(new ChannelRangeView(this)),
      clipView_(new ClipHistogramView(this)),
      overview_(new LayerOverview(this)),
      evaluation_(new EvaluationPanel(this)),
      log_(new LogView(this)),
      progress_(new JobProgressWidget(this)),
      openRunner_(new JobRunner(this)),
      analysisRunner_(new JobRunner(this)),
      evaluationRunner_(new JobRunner(this)),
      calibrationRunner_(new JobRunner(this)),
      quantizationRunner_(new JobRunner(this)) {
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    resize(1400, 900);
    createDocks();
    createMenus();
    statusBar()->addPermanentWidget(progress_);
    progress_->watch(openRunner_);
    progress_->watch(analysisRunner_);
    progress_->watch(evaluationRunner_);
    progress_->watch(calibrationRunner_);
    progress_->watch(quantizationRunner_);

    connect(layers_, &LayerBrowser::tensorSelected, this, &MainWindow::analyze);
    connect(layers_, &LayerBrowser::tensorSelected, this, &MainWindow::showLayer);
    connect(overview_, &LayerOverview::layerClicked, this, [this](const QString& name) {
        if (!selectTensor(name)) { // hidden by the table's filter: show it here all the same
            showLayer(name);
        }
    });
    connect(openRunner_, &JobRunner::succeeded, this, &MainWindow::onOpened);
    connect(openRunner_, &JobRunner::failed, this, &MainWindow::onOpenFailed);
    connect(openRunner_, &JobRunner::cancelled, this, [this] {
        log_->info(tr("Opening %1 was cancelled").arg(openingPath_));
    });
    connect(analysisRunner_, &JobRunner::succeeded, this, &MainWindow::onAnalyzed);
    connect(analysisRunner_, &JobRunner::failed, this, &MainWindow::onAnalysisFailed);
    connect(analysisRunner_, &JobRunner::cancelled, this, [this] {
        histogram_->showMessage(tr("Cancelled"));
        channels_->showMessage(tr("Cancelled"));
    });
    connect(evaluationRunner_, &JobRunner::succeeded, this, &MainWindow::onEvaluated);
    connect(evaluationRunner_, &JobRunner::failed, this, &MainWindow::onEvaluationFailed);
    connect(evaluationRunner_, &JobRunner::cancelled, this, [this] {
        log_->info(tr("Evaluation on %1 was cancelled").arg(evaluatingPath_));
    });
    connect(calibrationRunner_, &JobRunner::succeeded, this, &MainWindow::onCalibrated);
    connect(calibrationRunner_, &JobRunner::failed, this, &MainWindow::onCalibrationFailed);
    connect(calibrationRunner_, &JobRunner::cancelled, this, [this] {
        log_->info(tr("Calibration was cancelled; nothing was kept"));
    });
    connect(quantizationRunner_, &JobRunner::succeeded, this, &MainWindow::onQuantized);
    connect(quantizationRunner_, &JobRunner::failed, this, [this](const QString& message) {
        log_->error(tr("Quantization failed: %1").arg(message));
        statusBar()->showMessage(tr("Quantization failed"), 10000);
        emit quantizationFailed(message);
    });
    connect(quantizationRunner_, &JobRunner::cancelled, this, [this] {
        log_->info(tr("Quantization was cancelled; the project is as it was"));
    });
    statusBar()->showMessage(tr("Open a model with File > Open or drop it on the window"));
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
    resizeDocks({layers, summary}, {430, 310}, Qt::Vertical);
    resizeDocks({histogram, channels}, {470, 270}, Qt::Vertical);
    resizeDocks({evaluation, log}, {1050, 350}, Qt::Horizontal);
    resizeDocks({evaluation}, {280}, Qt::Vertical);
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
    saveProjectAsAction_->setShortcut(QKeySequence::SaveAs);
    saveProjectAsAction_->setEnabled(false);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

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

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    for (QDockWidget* dock : findChildren<QDockWidget*>()) {
        viewMenu_->addAction(dock->toggleViewAction());
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
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
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Model"), settings.value(kLastDirKey).toString(),
                                                      filters.join(QStringLiteral(";;")));
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
        openPath(path);
    }
}

void MainWindow::chooseFolder() {
    QSettings settings;
    const QString path =
        QFileDialog::getExistingDirectory(this, tr("Open safetensors Folder"), settings.value(kLastDirKey).toString());
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, path);
        openPath(path);
    }
}

void MainWindow::chooseProject() {
    QSettings settings;
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Open Project"), settings.value(kLastDirKey).toString(),
                                     tr("QuantBench projects (*.qbproj);;All files (*)"));
    if (!path.isEmpty()) {
        settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
        openPath(path);
    }
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About QuantBench"),
                       tr("<h3>QuantBench %1</h3>"
                          "<p>A workbench for quantizing neural networks: open a model, inspect the "
                          "statistics of every weight tensor and see where quantization will hurt.</p>"
                          "<p>Reads ONNX, GGUF, safetensors, llama2.c and Keras HDF5 models.</p>"
                          "<p>Built with Qt %2 and QCustomPlot.</p>")
                           .arg(QStringLiteral(QB_VERSION), QString::fromLatin1(qVersion())));
}

void MainWindow::openPath(const QString& path) {
    if (path.isEmpty()) {
        return;
    }
    openingPath_ = path;
    openingProject_ = isProjectFile(path.toStdString());
    log_->info(tr("Opening %1").arg(path));
    if (openingProject_) {
        // The model's hash is checked before anything is shown: a changed model is refused.
        openRunner_->start(tr("Opening %1").arg(displayName(path)), [file = path.toStdString()](JobContext& job) {
            auto project = std::make_shared<const Project>(openProject(file));
            job.checkCancel();
            auto model = std::make_shared<const Model>(openModel(project->modelPath));
            job.checkCancel();
            return std::any(OpenedProject{project, model});
        });
        return;
    }
    openRunner_->start(tr("Opening %1").arg(displayName(path)), [file = path.toStdString()](JobContext& job) {
        auto model = std::make_shared<const Model>(openModel(file));
        job.checkCancel();
        return std::any(model);
    });
}

void MainWindow::onOpened(const std::any& result, qint64 elapsedMs) {
    analysisRunner_->abandon();
    calibrationRunner_->abandon();
    quantizationRunner_->abandon();
    std::shared_ptr<const Project> project;
    if (const auto* opened = std::any_cast<OpenedProject>(&result)) {
        model_ = opened->model;
        project = opened->project;
    } else {
        model_ = std::any_cast<std::shared_ptr<const Model>>(result);
    }
    showOpened(openingPath_, elapsedMs, std::move(project));
}

void MainWindow::showOpened(const QString& path, qint64 elapsedMs, std::shared_ptr<const Project> project) {
    summary_->setModel(*model_);
    histogram_->showMessage(tr("Select a tensor to see its histogram"));
    channels_->showMessage(tr("Select a tensor to see its per-channel ranges"));
    layers_->setModel(model_);
    setWindowFilePath(path);
    evaluateAction_->setEnabled(true);
    calibrateAction_->setEnabled(true);
    quantizeAction_->setEnabled(true);
    recent_->add(path);
    log_->info(tr("Opened %1 in %2 ms: %3 tensors, %4 parameters")
                   .arg(path, QString::number(elapsedMs), countText(int64_t(model_->tensors.size())),
                        countText(model_->totalParams())));
    statusBar()->showMessage(tr("Opened %1").arg(displayName(path)), 5000);
    // Start with the first weight a quantizer would touch, so the plots are not empty; a
    // project then moves the selection to its first calibrated layer.
    for (const TensorEntry& t : model_->tensors) {
        if (t.quantizable) {
            selectTensor(QString::fromStdString(t.name));
            break;
        }
    }
    const bool isProject = project != nullptr;
    setProject(std::move(project), isProject ? path : QString(), false);
    emit modelOpened(path);
}

void MainWindow::onOpenFailed(const QString& message) {
    // qb::Error messages already start with the file; others (out of memory) need it added.
    log_->error(message.startsWith(openingPath_) ? message : tr("Cannot open %1: %2").arg(openingPath_, message));
    statusBar()->showMessage(tr("Cannot open %1").arg(displayName(openingPath_)), 10000);
    if (openingProject_) {
        // Window-modal, not blocking: the core's words (e.g. the model changed since calibration).
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Cannot Open Project"),
                                    tr("Cannot open the project %1.").arg(displayName(openingPath_)), QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("projectErrorBox"));
        box->setInformativeText(message);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        emit projectFailed(message);
    }
    emit openFailed(message);
}

void MainWindow::setProject(std::shared_ptr<const Project> project, const QString& path, bool modified) {
    project_ = std::move(project);
    projectPath_ = path;
    const auto calibration =
        project_ ? std::shared_ptr<const Calibration>(project_, &project_->calibration) : nullptr;
    clipView_->setCalibration(calibration);
    overview_->setCalibration(calibration);
    layers_->setQuantization(project_ && project_->quantization ? &*project_->quantization : nullptr);
    saveProjectAction_->setEnabled(project_ != nullptr);
    saveProjectAsAction_->setEnabled(project_ != nullptr);
    setWindowModified(modified);
    if (project_) {
        for (const char* name : {"clipDock", "overviewDock"}) {
            if (auto* dock = findChild<QDockWidget*>(QLatin1String(name))) {
                dock->show();
                dock->raise();
            }
        }
        // A new calibration starts at the network's first layer (execution order, unlike the
        // table's file order); selecting it updates every view through tensorSelected.
        const auto& calibrated = project_->calibration.layers;
        if (!calibrated.empty()) selectTensor(QString::fromStdString(calibrated.front().name));
        showLayer(layers_->selectedTensor());
    }
}

void MainWindow::showLayer(const QString& name) {
    if (!project_ || name.isEmpty()) {
        return;
    }
    clipView_->setLayer(name);
    overview_->setSelectedLayer(name);
}

void MainWindow::showCalibrateDialog() {
    if (!model_) {
        return;
    }
    const QString modelPath = QString::fromStdString(model_->path);
    CalibrationRequest initial;
    initial.data = EvaluationSettings::load(modelPath);
    auto* dialog = new CalibrationDialog(*model_, initial, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, modelPath] {
        const CalibrationRequest request = dialog->request();
        // The data and preprocessing are remembered with Evaluate's, for the same model.
        EvaluationSettings remembered = EvaluationSettings::load(modelPath);
        remembered.dataPath = request.data.dataPath;
        if (!model_->llama) {
            remembered.scale = request.data.scale;
            remembered.mean = request.data.mean;
            remembered.std = request.data.std;
            remembered.layout = request.data.layout;
        }
        remembered.save(modelPath);
        calibrate(request);
    });
    dialog->open();
}

bool MainWindow::calibrate(const CalibrationRequest& request) {
    if (!model_) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model_->path));
    log_->info(tr("Calibrating %1 on %2 (%n sample(s))", nullptr, int(request.samples)).arg(modelName, request.data.dataPath));
    // The job holds the model, so its mapped weights outlive a model switch.
    calibrationRunner_->start(tr("Calibrating %1").arg(modelName), [model = model_, request](JobContext& job) {
        return std::any(std::make_shared<const Project>(calibrateModel(model, request, job)));
    });
    return true;
}

void MainWindow::onCalibrated(const std::any& result, qint64 elapsedMs) {
    const auto project = std::any_cast<std::shared_ptr<const Project>>(result);
    log_->info(tr("Calibrated %1 layers on %2 samples in %3 ms")
                   .arg(countText(int64_t(project->calibration.layers.size())),
                        countText(project->calibration.samplesUsed), QString::number(elapsedMs)));
    setProject(project, {}, true);
    statusBar()->showMessage(tr("Calibrated: File > Save Project keeps the result"), 10000);
    emit calibrationFinished();
}

void MainWindow::showQuantizeDialog() {
    if (!model_) {
        return;
    }
    const bool calibrated = project_ && !project_->calibration.layers.empty();
    auto* dialog = new QuantizeDialog(*model_, calibrated, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { quantize(dialog->request()); });
    dialog->open();
}

bool MainWindow::quantize(const QuantizationRequest& request) {
    if (!model_) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model_->path));
    log_->info(request.planPath.isEmpty()
                   ? tr("Quantizing %1: %2, method %3")
                         .arg(modelName, QString::fromStdString(quant::schemeName(request.settings)),
                              QString::fromStdString(request.settings.method.value_or("rtn")))
                   : tr("Quantizing %1 by the plan %2").arg(modelName, request.planPath));
    quantizationRunner_->start(tr("Quantizing %1").arg(modelName),
                               [model = model_, base = project_, request](JobContext& job) {
                                   return std::any(std::make_shared<const Project>(quantizeModelJob(model, base, request, job)));
                               });
    return true;
}

void MainWindow::onQuantized(const std::any& result, qint64 elapsedMs) {
    auto project = std::any_cast<std::shared_ptr<const Project>>(result);
    const ProjectQuantization& q = *project->quantization;
    const quant::PlanSize size = quant::quantizedSize(q.layers);
    log_->info(tr("Quantized %1 layers (%2) in %3 ms: %4 bits per weight, %5 bytes of quantized weights")
                   .arg(countText(int64_t(q.layers.size())), QString::fromStdString(q.method), QString::number(elapsedMs),
                        QString::number(size.bitsPerWeight(), 'f', 3), countText(int64_t(size.bytes))));
    setProject(std::move(project), projectPath_, true);
    statusBar()->showMessage(tr("Quantized: File > Save Project keeps the result"), 10000);
    emit quantizationFinished();
}

void MainWindow::onCalibrationFailed(const QString& message) {
    log_->error(tr("Calibration failed: %1").arg(message));
    statusBar()->showMessage(tr("Calibration failed"), 10000);
    emit calibrationFailed(message);
}

bool MainWindow::saveProject() {
    if (!project_) {
        return false;
    }
    if (projectPath_.isEmpty()) {
        chooseProjectPath();
        return !projectPath_.isEmpty() && !isWindowModified();
    }
    return saveProjectAs(projectPath_);
}

void MainWindow::chooseProjectPath() {
    if (!project_) {
        return;
    }
    QSettings settings;
    const QString start = !projectPath_.isEmpty()
                              ? projectPath_
                              : QFileInfo(QString::fromStdString(project_->modelPath)).completeBaseName() +
                                    QLatin1Char('.') + kProjectSuffix;
    const QString dir = settings.value(kLastDirKey).toString();
    QString path = QFileDialog::getSaveFileName(this, tr("Save Project"), QFileInfo(start).isAbsolute() ? start : dir + QLatin1Char('/') + start,
                                                tr("QuantBench projects (*.qbproj)"));
    if (path.isEmpty()) {
        return;
    }
    if (QFileInfo(path).suffix().isEmpty()) {
        path += QLatin1Char('.') + kProjectSuffix;
    }
    settings.setValue(kLastDirKey, QFileInfo(path).absolutePath());
    saveProjectAs(path);
}

bool MainWindow::saveProjectAs(const QString& path) {
    if (!project_) {
        return false;
    }
    try {
        writeProject(path.toStdString(), *project_);
    } catch (const Error& e) {
        log_->error(QString::fromStdString(e.what()));
        QMessageBox::warning(this, tr("Cannot Save Project"), QString::fromStdString(e.what()));
        return false;
    }
    projectPath_ = path;
    setWindowFilePath(path);
    setWindowModified(false);
    recent_->add(path);
    log_->info(tr("Saved the project to %1").arg(path));
    statusBar()->showMessage(tr("Saved %1").arg(displayName(path)), 5000);
    emit projectSaved(path);
    return true;
}

bool MainWindow::selectTensor(const QString& name) { return layers_->selectTensor(name); }

void MainWindow::analyze(const QString& name) {
    const TensorEntry* tensor = model_ ? model_->find(name.toStdString()) : nullptr;
    if (!tensor) {
        return; // cleared selection: keep what is shown
    }
    histogram_->showMessage(tr("Computing the histogram of %1…").arg(name));
    channels_->showMessage(tr("Computing the channel ranges of %1…").arg(name));
    // The job holds the model, so the tensor's mapped bytes outlive a model switch.
    analysisRunner_->start(tr("Analysing %1").arg(name), [model = model_, tensor](JobContext& job) {
        return std::any(std::make_shared<const TensorAnalysis>(analyzeTensor(*tensor, job)));
    });
}

void MainWindow::onAnalyzed(const std::any& result, qint64 elapsedMs) {
    const auto analysis = std::any_cast<std::shared_ptr<const TensorAnalysis>>(result);
    const QString name = QString::fromStdString(analysis->name);
    histogram_->setSummary(name, analysis->summary);
    if (analysis->channels) {
        channels_->setRanges(name, analysis->channelAxis, *analysis->channels);
    } else {
        channels_->showMessage(tr("%1 is a scalar: it has no channels").arg(name));
    }
    log_->info(tr("Analysed %1 in %2 ms").arg(name, QString::number(elapsedMs)));
    emit tensorAnalyzed(name);
}

void MainWindow::onAnalysisFailed(const QString& message) {
    histogram_->showMessage(tr("No histogram: %1").arg(message));
    channels_->showMessage(tr("No channel ranges: %1").arg(message));
    log_->error(message);
    emit analysisFailed(message);
}

void MainWindow::showEvaluateDialog() {
    if (!model_) {
        return;
    }
    const QString modelPath = QString::fromStdString(model_->path);
    auto* dialog = new EvaluationDialog(*model_, EvaluationSettings::load(modelPath), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, modelPath] {
        const EvaluationSettings settings = dialog->settings();
        settings.save(modelPath);
        evaluate(settings);
    });
    dialog->open();
}

bool MainWindow::evaluate(const EvaluationSettings& settings) {
    if (!model_) {
        return false;
    }
    evaluatingPath_ = settings.dataPath;
    const QString modelName = displayName(QString::fromStdString(model_->path));
    log_->info(tr("Evaluating %1 on %2 (%3)").arg(modelName, settings.dataPath, settings.summary(*model_)));
    // The job holds the model (and the project), so the mapped weights outlive a model switch. A
    // quantized project evaluates fp32 and quantized side by side.
    const auto quantization = project_ && project_->quantization
                                  ? std::shared_ptr<const ProjectQuantization>(project_, &*project_->quantization)
                                  : nullptr;
    evaluationRunner_->start(tr("Evaluating %1").arg(modelName), [model = model_, settings, quantization](JobContext& job) {
        auto runs = quantization ? evaluateSideBySide(model, *quantization, settings, job)
                                 : std::vector<EvaluationRun>{evaluateModel(model, settings, job)};
        return std::any(std::make_shared<const std::vector<EvaluationRun>>(std::move(runs)));
    });
    return true;
}

void MainWindow::onEvaluated(const std::any& result, qint64 elapsedMs) {
    const auto runs = std::any_cast<std::shared_ptr<const std::vector<EvaluationRun>>>(result);
    QString names;
    for (const EvaluationRun& run : *runs) {
        names = tr("%1 on %2").arg(displayName(run.modelPath) + (run.variant.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(run.variant)),
                                   displayName(run.dataPath));
        if (run.classifier) {
            const TopKCounter& c = run.classifier->counts;
            log_->info(tr("Evaluated %1: top-1 %2 %, top-5 %3 % on %4 samples in %5 ms")
                           .arg(names, QLocale().toString(100.0 * c.top1Rate(), 'f', 2),
                                QLocale().toString(100.0 * c.top5Rate(), 'f', 2), countText(c.samples),
                                QString::number(elapsedMs)));
        } else {
            log_->info(tr("Evaluated %1: perplexity %2 on %3 tokens in %4 ms")
                           .arg(names, QLocale().toString(run.language->perplexity, 'f', 4),
                                countText(run.language->tokens), QString::number(elapsedMs)));
        }
        evaluation_->addRun(run);
    }
    if (auto* dock = findChild<QDockWidget*>(QStringLiteral("evaluationDock"))) {
        dock->show();
        dock->raise();
    }
    statusBar()->showMessage(tr("Evaluated %1").arg(names), 5000);
    emit evaluationFinished();
}

void MainWindow::onEvaluationFailed(const QString& message) {
    log_->error(tr("Evaluation failed: %1").arg(message));
    statusBar()->showMessage(tr("Evaluation failed"), 10000);
    emit evaluationFailed(message);
}

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

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile()) {
        event->acceptProposedAction();
        openPath(urls.first().toLocalFile());
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    openRunner_->cancel();
    analysisRunner_->cancel();
    evaluationRunner_->cancel();
    calibrationRunner_->cancel();
    quantizationRunner_->cancel();
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    event->accept();
}

} // namespace qb
