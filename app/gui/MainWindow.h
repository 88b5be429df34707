// The QuantBench main window: menus and the inspection docks, wired to the window's Workspace.
// The jobs' requests and outcomes live beside it, one file per concern: MainWindowOpen.cpp,
// MainWindowAnalysis.cpp, MainWindowCalibration.cpp, MainWindowQuantization.cpp,
// MainWindowEvaluation.cpp, MainWindowExport.cpp, MainWindowSensitivity.cpp, MainWindowSave.cpp and
// MainWindowPlan.cpp (the plan editor), MainWindowAutosave.cpp (autosave and crash recovery) and
// MainWindowRetranslate.cpp (the language switched live).
#pragma once
#include <QMainWindow>
#include <memory>
#include <functional>
#include <optional>
#include <vector>

#include "app/gui/EvaluationSettings.h"
#include "app/gui/ModelCalibration.h"
#include "app/gui/ModelQuantization.h"
#include "app/gui/Workspace.h"
#include "core/exporters/export_report.h"
#include "core/formats/project_file.h"
#include "core/model/model.h"
#include "core/pipeline/open_input.h"
#include "widgets/EvaluationRun.h"

class QAction;
class QDockWidget;
class QMessageBox;

namespace qb {

struct AppSettings;
class Autosave;
struct AutosaveRecord;
class RecoveryDialog;
class StartPage;
class ChannelRangeView;
class ClipHistogramView;
class EvaluationPanel;
class HistogramView;
class JobProgressWidget;
class LayerBrowser;
class LayerOverview;
class LogView;
class ModelSummaryView;
class PlanEditor;
class PlannerView;
class RecentFiles;
class SensitivityView;
class ComparisonView;
class GraphView;
struct SensitivityRunRequest;

/// Opens models and projects (menu, recent list, drag and drop, command line), shows their
/// tensors, calibrates and shows the calibration's clip ranges and layer overview.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a model file, safetensors folder or project (.qbproj) as a background job.
    void openPath(const QString& path);
    /// Selects tensor `name` in the Layers table, which starts its analysis; false if not listed.
    bool selectTensor(const QString& name);
    /// Evaluates the open model with `settings` as a background job; the result lands in the
    /// Evaluation panel, errors in the log. Returns false if no model is open.
    bool evaluate(const EvaluationSettings& settings);
    /// Model > Evaluate…: asks for the settings (remembered per model), then evaluates.
    void showEvaluateDialog();
    /// Model > Compare with fp32: the quantized project against fp32 on the model's remembered
    /// evaluation data, as a background job shown in the Comparison panel. Returns false (and
    /// says why in the log) without a quantized project or evaluation data.
    bool compareWithFp32();
    /// Calibrates the open model as a background job; the result becomes the (unsaved) project.
    /// Returns false if no model is open.
    bool calibrate(const CalibrationRequest& request);
    /// Model > Calibrate…: asks for the data and settings, then calibrates.
    void showCalibrateDialog();
    /// Quantizes the open model (on top of the open project, if any) as a background job with
    /// per-layer progress; the result becomes the (unsaved) project. False if no model is open.
    bool quantize(const QuantizationRequest& request);
    /// Quantizes the open model by `plan` (Plan > Quantize with This Plan), as quantize() does;
    /// `samples` are the text windows GPTQ/AWQ/SmoothQuant collect inputs on.
    bool quantize(const quant::Plan& plan, int64_t samples = 64);
    /// Plan > Import: reads a plan file into the editor as one undo step; its problems for the
    /// open model go to the log and the status bar. False if it could not be read.
    bool importPlan(const QString& path);
    /// Plan > Export: writes the editor's plan (writePlan). False, and a log line, on failure.
    bool exportPlan(const QString& path);
    /// Model > Quantize…: asks for the settings or a plan file, then quantizes.
    void showQuantizeDialog();
    /// Measures each layer's sensitivity (pipeline::measureSensitivity) as a background job with
    /// progress and Cancel; the table becomes part of the (unsaved) project. Needs a calibrated
    /// project: false, and sensitivityFailed(), without a model or one.
    bool measureSensitivity(const SensitivityRunRequest& request);
    /// Model > Sensitivity…: asks for the data, candidates and method, then measures.
    void showSensitivityDialog();
    /// Model > Measure Latency: times each layer's kernel in f32 and int8 (pipeline::measureLatency)
    /// as a background job with progress and Cancel; the table becomes part of the (unsaved)
    /// project, created for the model when none is open. False without a model.
    bool measureLatency();
    /// The Automatic Plan dock's plan of least predicted change at an average of `bitsPerWeight`
    /// (and a predicted latency of at most `latencyMs` when > 0), loaded into the plan editor as
    /// one undo step. False, with the reason under the dock's plot, without a sensitivity table
    /// or when the planner cannot meet the budget.
    bool planToBudget(double bitsPerWeight, double latencyMs = 0);
    /// Plan > Quantize and Evaluate: quantizes by the edited plan (only the layers whose entry
    /// changed are quantized again), then evaluates fp32 against it with `settings`.
    bool quantizeAndEvaluate(const EvaluationSettings& settings, int64_t samples = 64);
    /// Writes the project to `path` (its new home) as a background job: projectSaved() follows,
    /// or projectSaveFailed() and a message box. False if there is no project to save.
    bool saveProjectAs(const QString& path);
    /// File > Save Project: to where it was opened or last saved, else asks where. True if a
    /// save was started.
    bool saveProject();
    /// Writes the open quantized project to `path` in `format` as a background job (the check runs
    /// first; nothing is written on a problem or Cancel). False without a quantized project.
    bool exportProject(exporters::ExportFormat format, const QString& path);
    /// File > Export…: the format, the destination and the pre-export check, then exports.
    void showExportDialog();
    /// Restores the dock layout saved by the last session.
    void restoreLayout();
    /// Shown until a model is open.
    StartPage* startPage() const { return startPage_; }
    /// Saves `settings` and applies them now: theme, worker threads, autosave interval and language
    /// (switchLanguage: every window retranslates).
    void applySettings(const AppSettings& settings);
    /// Where Open starts: the last folder used, else the model folder of the settings.
    QString startFolder() const;

    /// Closing with unsaved work asks first (Save, Discard, Cancel); this is that question while
    /// it is open, else null. Save closes the window once the save job has written the file.
    QMessageBox* unsavedChangesBox() const { return unsavedBox_; }

    /// The autosave of this window's unsaved project (MainWindowAutosave.cpp).
    Autosave* autosave() const { return autosave_.get(); }
    /// Offers the autosaves of crashed windows (RecoveryDialog, window-modal); null, and a status
    /// message if `sayIfNone`, when there are none.
    RecoveryDialog* offerRecovery(bool sayIfNone = false);
    /// Opens `record`'s autosave as an unsaved project bound to its original file (Save writes
    /// that file), here if no model is open, else in a new window. recovered() follows.
    void recover(const AutosaveRecord& record);

    /// The open model, project and jobs.
    Workspace* workspace() const { return workspace_.get(); }
    /// The open model, or null.
    const Model* model() const { return workspace_->model().get(); }
    /// The calibration project held (opened, or calibrated and maybe unsaved), or null.
    const Project* project() const { return workspace_->project().get(); }
    /// Where the project was opened from or saved to; empty when it was never saved.
    QString projectPath() const { return workspace_->projectPath(); }
    ClipHistogramView* clipView() const { return clipView_; }
    LayerOverview* layerOverview() const { return overview_; }
    QAction* calibrateAction() const { return calibrateAction_; }
    QAction* quantizeAction() const { return quantizeAction_; }
    QAction* saveProjectAction() const { return saveProjectAction_; }
    QAction* exportAction() const { return exportAction_; }
    QAction* sensitivityAction() const { return sensitivityAction_; }
    QAction* latencyAction() const { return latencyAction_; }
    QAction* compareAction() const { return compareAction_; }
    ComparisonView* comparisonView() const { return comparison_; }
    GraphView* modelGraphView() const { return modelGraph_; }
    SensitivityView* sensitivityView() const { return sensitivity_; }
    PlannerView* plannerView() const { return planner_; }
    QAction* quantizeAndEvaluateAction() const { return quantizeAndEvaluateAction_; }
    LayerBrowser* layerBrowser() const { return layers_; }
    HistogramView* histogramView() const { return histogram_; }
    ChannelRangeView* channelRangeView() const { return channels_; }
    JobProgressWidget* jobProgress() const { return progress_; }
    EvaluationPanel* evaluationPanel() const { return evaluation_; }
    LogView* logView() const { return log_; }
    QAction* evaluateAction() const { return evaluateAction_; }
    PlanEditor* planEditor() const { return planEditor_; }
    QAction* undoAction() const { return undoAction_; }
    QAction* redoAction() const { return redoAction_; }
    QAction* quantizeWithPlanAction() const { return quantizeWithPlanAction_; }

signals:
    void modelOpened(const QString& path);
    void openFailed(const QString& message);
    /// The histogram and channel ranges of tensor `name` are on screen.
    void tensorAnalyzed(const QString& name);
    void analysisFailed(const QString& message);
    /// The calibration is on screen as the unsaved project.
    void calibrationFinished();
    void calibrationFailed(const QString& message);
    void projectSaved(const QString& path);
    /// Saving failed (also reported in a message box).
    void projectSaveFailed(const QString& message);
    /// The quantization is held as the unsaved project.
    void quantizationFinished();
    /// The quantization was written straight to the project file `path` (the open project is unchanged).
    void quantizedToFile(const QString& path);
    void quantizationFailed(const QString& message);
    /// The sensitivity table is held in the unsaved project and shown.
    void sensitivityFinished();
    void sensitivityFailed(const QString& message);
    /// The latency table is held in the unsaved project and the budget meter predicts with it.
    void latencyFinished();
    void latencyFailed(const QString& message);
    /// Opening a project failed (also reported in a message box).
    void projectFailed(const QString& message);
    /// A run was added to the Evaluation panel.
    void evaluationFinished();
    void evaluationFailed(const QString& message);
    /// The export is complete at `path`.
    void exportFinished(const QString& path);
    void exportFailed(const QString& message);
    /// An autosave is open as the unsaved project of `path` (its original file, or the model).
    void recovered(const QString& path);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void createMenus();
    void createDocks();
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area);
    void chooseFile();
    void chooseFolder();
    void chooseProject();
    bool chooseProjectPath();
    void showAbout();
    void showSettings();
    void showModel();
    void showProject();
    void showLayer(const QString& name);
    void analyze(const QString& name);
    void onOpened(const QString& path, pipeline::OpenedInput opened, qint64 elapsedMs);
    void onOpenFailed(const QString& path, bool isProject, const JobError& error);
    void onCalibrated(Project project, qint64 elapsedMs);
    void onQuantized(QuantizationOutcome done, qint64 elapsedMs);
    void onQuantizationFailed(const QString& message);
    /// With `output`, streamed into that project file instead of becoming the unsaved project;
    /// with `thenEvaluate` (and no output), the result is evaluated once it is the project.
    void startQuantization(std::shared_ptr<const quant::Plan> plan, const std::string& source, int64_t samples,
                           const QString& output = {}, uint64_t memoryBudget = 0,
                           std::optional<EvaluationSettings> thenEvaluate = std::nullopt);
    /// The Evaluate dialog (settings remembered per model); `then` runs with what was accepted.
    void askEvaluationSettings(std::function<void(const EvaluationSettings&)> then);
    // MainWindowPlan.cpp: the Plan dock, the Edit and Plan menus, and the plan kept in step
    // between the editor and the workspace.
    void createPlanDock();
    void createEditMenu();
    void createPlanMenu();
    void showPlanModel();
    void choosePlanToImport();
    void choosePlanExportPath();
    void onEvaluated(const std::vector<EvaluationRun>& runs, qint64 elapsedMs);
    void onSaved(const QString& path);
    void createSensitivity(QMenu* modelMenu);
    void createComparison(QMenu* modelMenu);
    // MainWindowGraph.cpp: the Graph dock (the open model's op graph, nothing measured).
    void createGraphDock();
    void showModelGraph();
    void showSensitivity();
    void onSensitivityMeasured(std::shared_ptr<const Project> base, ProjectSensitivity sensitivity, qint64 elapsedMs);
    // MainWindowPlanner.cpp: the Automatic Plan dock.
    void createPlanner();
    void showPlanner();
    void markEditorPlan();
    /// Plan > Quantize and Evaluate: the evaluation settings remembered for the model, or asked for.
    void startQuantizeAndEvaluate();
    void createLatency(QMenu* modelMenu);
    void showLatency(); // the project's table, when measured on this machine, to the plan editor
    void onLatencyMeasured(std::shared_ptr<const Project> base, Project measured, qint64 elapsedMs);
    void onSaveFailed(const JobError& error);
    void createAutosave();
    void retranslateUi();

    // Declared before the workspace, so destroyed after it: once the workspace has waited for the
    // last autosave job, the autosave removes its sidecar.
    std::unique_ptr<Autosave> autosave_;
    /// Asks about unsaved work before a close; true when the window may close now.
    bool confirmClose();
    QMessageBox* unsavedBox_ = nullptr;
    bool closeConfirmed_ = false;
    // A member, not a child: it cancels and waits for its jobs before any widget goes away.
    std::unique_ptr<Workspace> workspace_;
    LayerBrowser* layers_;
    ModelSummaryView* summary_;
    HistogramView* histogram_;
    ChannelRangeView* channels_;
    ClipHistogramView* clipView_;
    LayerOverview* overview_;
    EvaluationPanel* evaluation_;
    LogView* log_;
    PlanEditor* planEditor_ = nullptr;
    QAction* undoAction_ = nullptr;
    QAction* redoAction_ = nullptr;
    QAction* quantizeWithPlanAction_ = nullptr;
    JobProgressWidget* progress_;
    QAction* evaluateAction_ = nullptr;
    QAction* calibrateAction_ = nullptr;
    QAction* quantizeAction_ = nullptr;
    QAction* saveProjectAction_ = nullptr;
    QAction* saveProjectAsAction_ = nullptr;
    QAction* exportAction_ = nullptr;
    RecentFiles* recent_ = nullptr;
    StartPage* startPage_ = nullptr;
    SensitivityView* sensitivity_ = nullptr;
    PlannerView* planner_ = nullptr;
    const ProjectSensitivity* plannedTable_ = nullptr; ///< the table the plan editor's meter predicts with
    QAction* quantizeAndEvaluateAction_ = nullptr;
    QAction* sensitivityAction_ = nullptr;
    QAction* latencyAction_ = nullptr;
    ComparisonView* comparison_ = nullptr;
    GraphView* modelGraph_ = nullptr;
    bool modelGraphStale_ = true;
    QAction* compareAction_ = nullptr;
    QMenu* viewMenu_ = nullptr;
};

} // namespace qb
