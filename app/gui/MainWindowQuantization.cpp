// Model > Quantize…: the dialog, the Quantization job and its outcome, the unsaved project.
#include <QFileInfo>
#include <QStatusBar>

#include "app/gui/MainWindow.h"
#include "app/gui/QuantizeDialog.h"
#include "core/quant/quantize_model.h"
#include "core/util/error.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/TextFormat.h"

namespace qb {

void MainWindow::showQuantizeDialog() {
    if (!model()) {
        return;
    }
    const bool calibrated = project() && !project()->calibration.layers.empty();
    auto* dialog = new QuantizeDialog(*model(), calibrated, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] { quantize(dialog->request()); });
    dialog->open();
}

bool MainWindow::quantize(const QuantizationRequest& request) {
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model) {
        return false;
    }
    const QString modelName = displayName(QString::fromStdString(model->path));
    log_->info(request.planPath.isEmpty()
                   ? tr("Quantizing %1: %2, method %3")
                         .arg(modelName, QString::fromStdString(quant::schemeName(request.settings)),
                              QString::fromStdString(request.settings.method.value_or("rtn")))
                   : tr("Quantizing %1 by the plan %2").arg(modelName, request.planPath));
    // The plan is read here, so that the workspace holds it while the job runs.
    std::shared_ptr<const quant::Plan> plan;
    try {
        plan = std::make_shared<const quant::Plan>(requestedPlan(request));
    } catch (const Error& e) {
        onQuantizationFailed(QString::fromStdString(e.what()));
        return true;
    }
    startQuantization(plan, request.planPath.isEmpty() ? std::string("quantize settings") : request.planPath.toStdString(),
                      request.samples, request.outputPath, request.memoryBudget);
    return true;
}

bool MainWindow::quantize(const quant::Plan& plan, int64_t samples) {
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model) {
        return false;
    }
    log_->info(tr("Quantizing %1 by the edited plan").arg(displayName(QString::fromStdString(model->path))));
    startQuantization(std::make_shared<const quant::Plan>(plan), "the plan editor", samples);
    return true;
}

void MainWindow::startQuantizeAndEvaluate() {
    if (!model()) return;
    const EvaluationSettings remembered = EvaluationSettings::load(QString::fromStdString(model()->path));
    if (!remembered.dataPath.isEmpty()) {
        quantizeAndEvaluate(remembered);
        return;
    }
    // No data evaluated with this model yet: ask once, as Model > Evaluate does.
    askEvaluationSettings([this](const EvaluationSettings& settings) { quantizeAndEvaluate(settings); });
}

bool MainWindow::quantizeAndEvaluate(const EvaluationSettings& settings, int64_t samples) {
    const std::shared_ptr<const Model> model = workspace_->model();
    if (!model || !planEditor_->document()->problems().empty() || workspace_->isBusy(Workspace::JobKind::Quantization))
        return false;
    log_->info(tr("Quantizing %1 by the edited plan, then evaluating it").arg(displayName(QString::fromStdString(model->path))));
    startQuantization(std::make_shared<const quant::Plan>(planEditor_->document()->plan()), "the plan editor", samples, {},
                      0, settings);
    return true;
}

void MainWindow::onQuantizationFailed(const QString& message) {
    log_->error(tr("Quantization failed: %1").arg(message));
    statusBar()->showMessage(tr("Quantization failed"), 10000);
    emit quantizationFailed(message);
}

void MainWindow::startQuantization(std::shared_ptr<const quant::Plan> plan, const std::string& source, int64_t samples,
                                   const QString& output, uint64_t memoryBudget,
                                   std::optional<EvaluationSettings> thenEvaluate) {
    const std::shared_ptr<const Model> model = workspace_->model();
    workspace_->setPlan(plan);
    if (!output.isEmpty()) {
        JobHandlers<size_t> handlers;
        handlers.done = [this, output](size_t layers, qint64 elapsedMs) {
            log_->info(tr("Quantized %1 layers into %2 (%3 bytes) in %4 ms; open it with File > Open Project")
                           .arg(countText(int64_t(layers)), output, countText(QFileInfo(output).size()), QString::number(elapsedMs)));
            statusBar()->showMessage(tr("Quantized into %1").arg(displayName(output)), 10000);
            emit quantizedToFile(output);
        };
        handlers.failed = [this](const JobError& error) { onQuantizationFailed(error.message()); };
        handlers.cancelled = [this, output] {
            log_->info(tr("Quantization was cancelled; nothing was written to %1. Quantizing into it again with the same "
                          "settings continues where it stopped").arg(output));
        };
        workspace_->start<size_t>(
            Workspace::JobKind::Quantization, tr("Quantizing %1 into %2").arg(displayName(QString::fromStdString(model->path)), displayName(output)),
            [model, base = workspace_->project(), plan, source, samples, file = output.toStdString(), memoryBudget](JobContext& job) {
                return quantizeModelToFile(model, base, *plan, source, samples, file, job, memoryBudget);
            },
            std::move(handlers));
        return;
    }
    JobHandlers<QuantizationOutcome> handlers;
    // The evaluation travels with this job: a quantization that replaces it does not inherit it.
    handlers.done = [this, thenEvaluate](QuantizationOutcome done, qint64 elapsedMs) {
        onQuantized(std::move(done), elapsedMs);
        if (thenEvaluate) evaluate(*thenEvaluate);
    };
    handlers.failed = [this](const JobError& error) { onQuantizationFailed(error.message()); };
    handlers.cancelled = [this] {
        log_->info(tr("Quantization was cancelled; the project is as it was. Quantizing again with the same settings "
                      "continues where it stopped"));
    };
    workspace_->start<QuantizationOutcome>(
        Workspace::JobKind::Quantization, tr("Quantizing %1").arg(displayName(QString::fromStdString(model->path))),
        [model, base = workspace_->project(), plan, source, samples, memoryBudget](JobContext& job) {
            return quantizeModelJob(model, base, *plan, source, samples, job, memoryBudget);
        },
        std::move(handlers));
}

void MainWindow::onQuantized(QuantizationOutcome done, qint64 elapsedMs) {
    Project& project = done.project;
    const ProjectQuantization& q = *project.quantization;
    const quant::PlanSize size = quant::quantizedSize(q.layers);
    log_->info(tr("Quantized %1 layers (%2) in %3 ms: %4 bits per weight, %5 bytes of quantized weights")
                   .arg(countText(int64_t(q.layers.size())), QString::fromStdString(q.method), QString::number(elapsedMs),
                        QString::number(size.bitsPerWeight(), 'f', 3), countText(int64_t(size.bytes))));
    if (done.reusedLayers > 0)
        log_->info(tr("Quantized again only the layers whose plan entry changed: %1 of %2; the other %3 were kept")
                       .arg(countText(int64_t(q.layers.size() - done.reusedLayers)), countText(int64_t(q.layers.size())),
                            countText(int64_t(done.reusedLayers))));
    if (done.resumedLayers > 0)
        log_->info(tr("Continued the interrupted quantization: %1 layers came from its journal")
                       .arg(countText(int64_t(done.resumedLayers))));
    // Quantizing extends the project in place: it keeps its file, unsaved.
    workspace_->setProject(std::make_shared<const Project>(std::move(project)), projectPath(), true);
    statusBar()->showMessage(tr("Quantized: File > Save Project keeps the result"), 10000);
    emit quantizationFinished();
}

} // namespace qb
