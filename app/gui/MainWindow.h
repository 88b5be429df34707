// The QuantBench main window: menus, the inspection docks and the jobs that feed them.
#pragma once
#include <QMainWindow>
#include <any>
#include <memory>

#include "app/gui/EvaluationSettings.h"
#include "app/gui/ModelCalibration.h"
#include "app/gui/ModelQuantization.h"
#include "core/formats/project_file.h"
#include "core/model/model.h"

class QAction;
class QDockWidget;

namespace qb {

class ChannelRangeView;
class ClipHistogramView;
class EvaluationPanel;
class HistogramView;
class JobProgressWidget;
class JobRunner;
class LayerBrowser;
class LayerOverview;
class LogView;
class ModelSummaryView;
class RecentFiles;

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
    /// Calibrates the open model as a background job; the result becomes the (unsaved) project.
    /// Returns false if no model is open.
    bool calibrate(const CalibrationRequest& request);
    /// Model > Calibrate…: asks for the data and settings, then calibrates.
    void showCalibrateDialog();
    /// Quantizes the open model (on top of the open project, if any) as a background job with
    /// per-layer progress; the result becomes the (unsaved) project. False if no model is open.
    bool quantize(const QuantizationRequest& request);
    /// Model > Quantize…: asks for the settings or a plan file, then quantizes.
    void showQuantizeDialog();
    /// Writes the project to `path` (its new home); false, with a message box, on failure.
    bool saveProjectAs(const QString& path);
    /// File > Save Project: to where it was opened or last saved, else asks where.
    bool saveProject();
    /// Restores the dock layout saved by the last session.
    void restoreLayout();

    /// The open model, or null.
    const Model* model() const { return model_.get(); }
    /// The calibration project held (opened, or calibrated and maybe unsaved), or null.
    const Project* project() const { return project_.get(); }
    /// Where the project was opened from or saved to; empty when it was never saved.
    QString projectPath() const { return projectPath_; }
    ClipHistogramView* clipView() const { return clipView_; }
    LayerOverview* layerOverview() const { return overview_; }
    JobRunner* calibrationRunner() const { return calibrationRunner_; }
    QAction* calibrateAction() const { return calibrateAction_; }
    QAction* quantizeAction() const { return quantizeAction_; }
    JobRunner* quantizationRunner() const { return quantizationRunner_; }
    QAction* saveProjectAction() const { return saveProjectAction_; }
    LayerBrowser* layerBrowser() const { return layers_; }
    HistogramView* histogramView() const { return histogram_; }
    ChannelRangeView* channelRangeView() const { return channels_; }
    JobProgressWidget* jobProgress() const { return progress_; }
    JobRunner* openRunner() const { return openRunner_; }
    JobRunner* analysisRunner() const { return analysisRunner_; }
    JobRunner* evaluationRunner() const { return evaluationRunner_; }
    EvaluationPanel* evaluationPanel() const { return evaluation_; }
    LogView* logView() const { return log_; }
    QAction* evaluateAction() const { return evaluateAction_; }

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
    /// The quantization is held as the unsaved project.
    void quantizationFinished();
    void quantizationFailed(const QString& message);
    /// Opening a project failed (also reported in a message box).
    void projectFailed(const QString& message);
    /// A run was added to the Evaluation panel.
    void evaluationFinished();
    void evaluationFailed(const QString& message);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void createMenus();
    void createDocks();
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area);
    void chooseFile();
    void chooseFolder();
    void chooseProject();
    void chooseProjectPath();
    void showOpened(const QString& path, qint64 elapsedMs, std::shared_ptr<const Project> project);
    void setProject(std::shared_ptr<const Project> project, const QString& path, bool modified);
    void showLayer(const QString& name);
    void onCalibrated(const std::any& result, qint64 elapsedMs);
    void onCalibrationFailed(const QString& message);
    void onQuantized(const std::any& result, qint64 elapsedMs);
    void showAbout();
    void onOpened(const std::any& result, qint64 elapsedMs);
    void onOpenFailed(const QString& message);
    void analyze(const QString& name);
    void onAnalyzed(const std::any& result, qint64 elapsedMs);
    void onAnalysisFailed(const QString& message);
    void onEvaluated(const std::any& result, qint64 elapsedMs);
    void onEvaluationFailed(const QString& message);

    std::shared_ptr<const Model> model_;
    std::shared_ptr<const Project> project_;
    QString projectPath_;
    bool openingProject_ = false;
    QString openingPath_;
    LayerBrowser* layers_;
    ModelSummaryView* summary_;
    HistogramView* histogram_;
    ChannelRangeView* channels_;
    ClipHistogramView* clipView_;
    LayerOverview* overview_;
    EvaluationPanel* evaluation_;
    LogView* log_;
    JobProgressWidget* progress_;
    JobRunner* openRunner_;
    JobRunner* analysisRunner_;
    JobRunner* evaluationRunner_;
    JobRunner* calibrationRunner_;
    JobRunner* quantizationRunner_;
    QString evaluatingPath_;
    QAction* evaluateAction_ = nullptr;
    QAction* calibrateAction_ = nullptr;
    QAction* quantizeAction_ = nullptr;
    QAction* saveProjectAction_ = nullptr;
    QAction* saveProjectAsAction_ = nullptr;
    RecentFiles* recent_ = nullptr;
    QMenu* viewMenu_ = nullptr;
};

} // namespace qb
