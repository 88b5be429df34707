// The QuantBench main window: menus, the inspection docks and the jobs that feed them.
#pragma once
#include <QMainWindow>
#include <any>
#include <memory>

#include "app/gui/EvaluationSettings.h"
#include "core/model/model.h"

class QAction;
class QDockWidget;

namespace qb {

class ChannelRangeView;
class EvaluationPanel;
class HistogramView;
class JobProgressWidget;
class JobRunner;
class LayerBrowser;
class LogView;
class ModelSummaryView;
class RecentFiles;

/// Opens models (menu, recent list, drag and drop, command line) and shows their tensors.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens a model file or safetensors folder as a background job.
    void openPath(const QString& path);
    /// Selects tensor `name` in the Layers table, which starts its analysis; false if not listed.
    bool selectTensor(const QString& name);
    /// Evaluates the open model with `settings` as a background job; the result lands in the
    /// Evaluation panel, errors in the log. Returns false if no model is open.
    bool evaluate(const EvaluationSettings& settings);
    /// Model > Evaluate…: asks for the settings (remembered per model), then evaluates.
    void showEvaluateDialog();
    /// Restores the dock layout saved by the last session.
    void restoreLayout();

    /// The open model, or null.
    const Model* model() const { return model_.get(); }
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
    void showAbout();
    void onOpened(const std::any& result, qint64 elapsedMs);
    void onOpenFailed(const QString& message);
    void analyze(const QString& name);
    void onAnalyzed(const std::any& result, qint64 elapsedMs);
    void onAnalysisFailed(const QString& message);
    void onEvaluated(const std::any& result, qint64 elapsedMs);
    void onEvaluationFailed(const QString& message);

    std::shared_ptr<const Model> model_;
    QString openingPath_;
    LayerBrowser* layers_;
    ModelSummaryView* summary_;
    HistogramView* histogram_;
    ChannelRangeView* channels_;
    EvaluationPanel* evaluation_;
    LogView* log_;
    JobProgressWidget* progress_;
    JobRunner* openRunner_;
    JobRunner* analysisRunner_;
    JobRunner* evaluationRunner_;
    QString evaluatingPath_;
    QAction* evaluateAction_ = nullptr;
    RecentFiles* recent_ = nullptr;
    QMenu* viewMenu_ = nullptr;
};

} // namespace qb
