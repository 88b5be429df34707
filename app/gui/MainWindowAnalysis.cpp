// The histogram and channel ranges of the selected tensor, computed as the window's Analysis job.
#include "app/gui/MainWindow.h"
#include "app/gui/TensorAnalysis.h"
#include "widgets/ChannelRangeView.h"
#include "widgets/HistogramView.h"
#include "widgets/LogView.h"

namespace qb {

void MainWindow::analyze(const QString& name) {
    const std::shared_ptr<const Model> model = workspace_->model();
    const TensorEntry* tensor = model ? model->find(name.toStdString()) : nullptr;
    if (!tensor) {
        return; // cleared selection: keep what is shown
    }
    histogram_->showMessage(tr("Computing the histogram of %1…").arg(name));
    channels_->showMessage(tr("Computing the channel ranges of %1…").arg(name));
    JobHandlers<TensorAnalysis> handlers;
    handlers.done = [this](TensorAnalysis analysis, qint64 elapsedMs) {
        const QString tensorName = QString::fromStdString(analysis.name);
        histogram_->setSummary(tensorName, analysis.summary);
        if (analysis.channels) {
            channels_->setRanges(tensorName, analysis.channelAxis, *analysis.channels);
        } else {
            channels_->showMessage(tr("%1 is a scalar: it has no channels").arg(tensorName));
        }
        log_->info(tr("Analysed %1 in %2 ms").arg(tensorName, QString::number(elapsedMs)));
        emit tensorAnalyzed(tensorName);
    };
    handlers.failed = [this](const JobError& error) {
        const QString message = error.message();
        histogram_->showMessage(tr("No histogram: %1").arg(message));
        channels_->showMessage(tr("No channel ranges: %1").arg(message));
        log_->error(message);
        emit analysisFailed(message);
    };
    handlers.cancelled = [this] {
        histogram_->showMessage(tr("Cancelled"));
        channels_->showMessage(tr("Cancelled"));
    };
    // The job holds the model, so the tensor's mapped bytes outlive a model switch.
    workspace_->start<TensorAnalysis>(
        Workspace::JobKind::Analysis, tr("Analysing %1").arg(name),
        [model, tensor](JobContext& job) { return analyzeTensor(*tensor, job); }, std::move(handlers));
}

} // namespace qb
