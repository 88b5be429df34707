// Quantization in the window: Model > Quantize on a calibrated mnist-12 through the dialog (W8A8:
// three int8 layers with activation grids, shown in the Layers table), the dialog's refusals, GPTQ
// on stories260K, Cancel (and quantizing again continues from the journal), and a quantized
// project saved and reopened.
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTableWidget>
#include <QTest>
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "app/gui/JobProgressWidget.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ModelQuantization.h"
#include "app/gui/Workspace.h"
#include "app/gui/QuantizeDialog.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "widgets/EvaluationPanel.h"
#include "widgets/LayerBrowser.h"
#include "widgets/LayerTableModel.h"
#include "widgets/MemoryIndicator.h"
#include "jobs_settled.h"
#include "screenshots.h"

namespace {

const QString kMnistModel = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
const QString kMnistData = QStringLiteral(QB_SHARED_DIR "/data/mnist");
const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/llama2c/stories260K.bin");
const QString kText = QStringLiteral(QB_SHARED_DIR "/data/tinystories/TinyStories-validation-excerpt.txt");
constexpr int kTimeoutMs = 120000;

} // namespace

class QuantizeGuiTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { window_.reset(); }

    void dialogQuantizesCalibratedMnistToW8A8() {
        openWindow(kMnistModel);
        QVERIFY(window_->quantizeAction()->isEnabled());
        calibrate(kMnistData, 32);
        window_->showQuantizeDialog();
        auto* dialog = window_->findChild<qb::QuantizeDialog*>();
        QVERIFY(dialog);
        dialog->bitsBox()->setCurrentIndex(dialog->bitsBox()->findData(8));
        dialog->activationsBox()->setChecked(true);
        // A CNN offers RTN only: GPTQ, AWQ and SmoothQuant take language-model inputs.
        QCOMPARE(dialog->methodBox()->count(), 1);
        // QB_SCREENSHOT_DIR=... keeps a picture of the dialog for a person to look at.
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("quantize-dialog.png")));
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(kTimeoutMs));

        const qb::Project* p = window_->project();
        QVERIFY(p && p->quantization);
        QCOMPARE(p->calibration.layers.size(), size_t(3)); // kept from the calibration
        QCOMPARE(p->quantization->layers.size(), size_t(3));
        for (const auto& l : p->quantization->layers) {
            QCOMPARE(QString::fromStdString(l.weight.scheme->name), QStringLiteral("int8_channel_sym"));
            QVERIFY(l.activation.has_value());
        }
        // The first conv reads raw pixels [0, 255]: an unsigned grid (its MSE clip may cut the top).
        QVERIFY(p->quantization->layers[0].activation->isUnsigned);
        QVERIFY(window_->isWindowModified());
        // The workspace holds the plan the dialog asked for: 8 bits per channel, A8.
        const std::shared_ptr<const qb::quant::Plan> plan = window_->workspace()->plan();
        QVERIFY(plan);
        QCOMPARE(plan->defaults.bits.value_or(0), 8);
        QCOMPARE(plan->defaults.actBits.value_or(0), 8);
        QCOMPARE(qb::quant::planJson(*plan), p->quantization->plan);
        // The Layers table shows what each layer became; the totals give the quantized size:
        // 5,960 weights in int8 with 8 + 16 + 10 fp16 row scales = 5,960 + 68 bytes.
        auto* table = window_->layerBrowser()->tableModel();
        for (int row = 0; row < table->rowCount(); ++row) {
            const QString name = table->index(row, qb::LayerTableModel::ColName).data().toString();
            const QString scheme = table->index(row, qb::LayerTableModel::ColScheme).data().toString();
            if (name == QStringLiteral("Parameter5") || name == QStringLiteral("Parameter87") ||
                name == QStringLiteral("Parameter193"))
                QCOMPARE(scheme, QStringLiteral("int8_channel_sym · RTN · A8"));
            else
                QVERIFY2(scheme.isEmpty(), qPrintable(name + ": " + scheme));
        }
        QVERIFY2(window_->layerBrowser()->totalsText().contains(QStringLiteral("8.09 bits per weight")),
                 qPrintable(window_->layerBrowser()->totalsText()));

        // Evaluate on a quantized project: fp32 and W8A8 side by side on the same 2,000 images.
        qb::EvaluationSettings e;
        e.dataPath = kMnistData;
        e.limit = 2000;
        QSignalSpy evaluated(window_.get(), &qb::MainWindow::evaluationFinished);
        QVERIFY(window_->evaluate(e));
        QVERIFY(evaluated.wait(kTimeoutMs));
        qb::EvaluationPanel* panel = window_->evaluationPanel();
        QCOMPARE(panel->runCount(), 2);
        QCOMPARE(panel->run(0).variant, QStringLiteral("fp32"));
        QVERIFY2(panel->run(1).variant.contains(QStringLiteral("W8A8")), qPrintable(panel->run(1).variant));
        const int64_t fp = panel->run(0).classifier->counts.top1, q8 = panel->run(1).classifier->counts.top1;
        QCOMPARE(panel->run(1).classifier->counts.samples, int64_t(2000));
        QVERIFY2(std::abs(fp - q8) <= 10, qPrintable(QStringLiteral("%1 vs %2").arg(fp).arg(q8))); // 0.5 points
        QCOMPARE(panel->resultTable()->item(0, qb::EvaluationPanel::ColWeights)->text(), QStringLiteral("fp32"));
        QVERIFY(panel->resultTable()->item(1, qb::EvaluationPanel::ColWeights)->text().startsWith(QStringLiteral("rtn · 8.09 bpw")));

        // Saved and reopened, the quantization comes back.
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("w8a8.qbproj"));
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProjectAs(file));
        QVERIFY(saved.wait(kTimeoutMs));
        const qb::quant::Plan asked = *plan;
        openWindow(file);
        QVERIFY(window_->project() && window_->project()->quantization);
        QCOMPARE(window_->project()->quantization->layers.size(), size_t(3));
        // ... and so does its plan, in the new window's workspace.
        QVERIFY(window_->workspace()->plan());
        QVERIFY(*window_->workspace()->plan() == asked);
    }

    void dialogRefusesWhatNeedsCalibration() {
        openWindow(kStories);
        window_->showQuantizeDialog();
        auto* dialog = window_->findChild<qb::QuantizeDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->methodBox()->count(), 4);
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("gptq")));
        QVERIFY(dialog->problem().contains(QStringLiteral("Calibrate")));
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(dialog->isVisible());
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("quantize-dialog-refused.png")));
        QVERIFY(!dialog->findChild<QLabel*>(QStringLiteral("quantProblem"))->text().isEmpty());
        QVERIFY(dialog->actOrderBox()->isEnabled());
        dialog->actOrderBox()->setChecked(true);
        QCOMPARE(dialog->request().settings.actOrder.value_or(false), true);
        QVERIFY(!dialog->alphaBox()->isEnabled());
        // The block-by-block pass's memory budget, in MiB; 0 is no limit.
        auto* budget = dialog->findChild<QSpinBox*>(QStringLiteral("quantMemoryBudget"));
        QVERIFY(budget && budget->isEnabled());
        QCOMPARE(dialog->request().memoryBudget, uint64_t(0));
        budget->setValue(3072);
        QCOMPARE(dialog->request().memoryBudget, uint64_t(3) << 30);
        // SmoothQuant always quantizes the activations, with the chosen migration strength.
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("smoothquant")));
        QVERIFY(dialog->activationsBox()->isChecked());
        QVERIFY(!dialog->activationsBox()->isEnabled());
        QVERIFY(!dialog->actOrderBox()->isEnabled());
        dialog->alphaBox()->setValue(0.75);
        QCOMPARE(dialog->request().settings.alpha.value_or(0), 0.75);
        QVERIFY(!dialog->request().settings.actOrder.has_value());
        // RTN on weights alone needs nothing.
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("rtn")));
        dialog->activationsBox()->setChecked(false);
        QVERIFY(dialog->problem().isEmpty());
        QVERIFY(!budget->isEnabled());
        dialog->reject();
    }

    // A GGML block format from the dialog: the block fixes scales and grid, GPTQ is refused, and
    // rows that are no whole blocks (ffn_down's 172 inputs for Q4_0's 32) stay f16.
    void dialogQuantizesToAGgmlFormat() {
        openWindow(kStories);
        window_->showQuantizeDialog();
        auto* dialog = window_->findChild<qb::QuantizeDialog*>();
        QVERIFY(dialog);
        const int q40 = dialog->bitsBox()->findData(QStringLiteral("q4_0"));
        QVERIFY(q40 >= 0);
        QVERIFY(dialog->bitsBox()->findData(QStringLiteral("q4_k")) >= 0);
        dialog->bitsBox()->setCurrentIndex(q40);
        QVERIFY(!dialog->groupBox()->isEnabled());
        const QString hint = dialog->findChild<QLabel*>(QStringLiteral("quantHint"))->text();
        QVERIFY2(hint.contains(QStringLiteral("4.500 bits per weight in blocks of 32")), qPrintable(hint));
        QCOMPARE(QString::fromStdString(dialog->request().settings.format.value_or("")), QStringLiteral("q4_0"));
        QVERIFY(!dialog->request().settings.bits.has_value());
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("gptq")));
        QVERIFY2(dialog->problem().contains(QStringLiteral("GGML")), qPrintable(dialog->problem()));
        dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("rtn")));
        QVERIFY(dialog->problem().isEmpty());
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("quantize-dialog-ggml.png")));
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(kTimeoutMs));
        const auto& q = *window_->project()->quantization;
        QCOMPARE(q.layers.size(), size_t(36));
        for (const auto& l : q.layers) {
            const bool whole = l.weight.cols % 32 == 0;
            QCOMPARE(QString::fromStdString(l.weight.scheme->name), whole ? QStringLiteral("q4_0") : QStringLiteral("f16"));
        }
    }

    void gptqOnStories() {
        openWindow(kStories);
        calibrate(kText, 4);
        qb::QuantizationRequest r;
        r.settings.bits = 4;
        r.settings.group = 32;
        r.settings.method = "gptq";
        r.samples = 8;
        QSignalSpy stages(window_->workspace(), &qb::Workspace::jobProgress);
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(r));
        QVERIFY(finished.wait(kTimeoutMs));
        // The workspace throttles progress to a few updates a second, so how many stages show
        // depends on the machine; every stage text is checked in QuantizeModel (core tests).
        QVERIFY(std::any_of(stages.begin(), stages.end(), [](const QList<QVariant>& s) {
            return s.at(0).value<qb::Workspace::JobKind>() == qb::Workspace::JobKind::Quantization;
        }));
        const auto& q = *window_->project()->quantization;
        QCOMPARE(q.layers.size(), size_t(36));
        QCOMPARE(QString::fromStdString(q.method), QStringLiteral("gptq"));
        QCOMPARE(QString::fromStdString(q.layers[1].method), QStringLiteral("gptq"));

        // Side by side on 20 windows of 256 tokens: W4 g32 GPTQ costs perplexity, but not much
        // (+10.6% on the whole excerpt, scripts/eval-quantization.sh).
        qb::EvaluationSettings e;
        e.dataPath = kText;
        e.context = 256;
        e.windowLimit = 20;
        e.sampleTokens = 8;
        QSignalSpy evaluated(window_.get(), &qb::MainWindow::evaluationFinished);
        QVERIFY(window_->evaluate(e));
        QVERIFY(evaluated.wait(kTimeoutMs));
        qb::EvaluationPanel* panel = window_->evaluationPanel();
        QCOMPARE(panel->runCount(), 2);
        const double fp = panel->run(0).language->perplexity, q4 = panel->run(1).language->perplexity;
        QVERIFY2(q4 > fp && q4 < 1.3 * fp, qPrintable(QStringLiteral("fp32 %1, W4 GPTQ %2").arg(fp).arg(q4)));
    }

    void cancelKeepsTheProject() {
        openWindow(kStories);
        calibrate(kText, 4);
        const qb::Project* before = window_->project();
        QVERIFY(before && !before->quantization);
        qb::QuantizationRequest r;
        r.settings.bits = 3;
        r.settings.group = 32;
        r.settings.method = "gptq";
        r.samples = 400; // long enough to be cancelled while collecting inputs
        QSignalSpy cancelled(window_->workspace(), &qb::Workspace::jobCancelled);
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(r));
        QVERIFY(window_->jobProgress()->cancelButton()->isEnabled());
        window_->jobProgress()->cancelButton()->click();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QVERIFY(qb::test::jobsSettled(*window_->workspace(), kTimeoutMs));
        QCOMPARE(finished.count(), 0);
        QCOMPARE(window_->project(), before);
        QVERIFY(!window_->project()->quantization);
    }

    // The Quantize job keeps a resume journal in the user's cache: cancelled at layer 20 of 36,
    // asked again, it takes the finished layers from there and gives the same layers as a run
    // straight through.
    void cancelledQuantizationContinues() {
        const std::string journal = qb::quantizationJournal();
        QVERIFY(!journal.empty());
        std::filesystem::remove_all(journal);
        const qb::pipeline::OpenedInput in = qb::pipeline::openInput(kStories.toStdString());
        qb::quant::PlanSettings s;
        s.bits = 4;
        s.group = 32;
        const qb::quant::Plan plan = qb::quant::uniformPlan(s);
        const qb::QuantizationOutcome straight = qb::quantizeModelJob(in.model, nullptr, plan, "test", 8, {});
        QCOMPARE(straight.resumedLayers, size_t(0));
        QVERIFY(!std::filesystem::exists(journal)); // gone once done

        std::atomic<bool> cancel{false};
        qb::JobContext job;
        job.cancel = &cancel;
        job.progress = [&](double, std::string_view stage) {
            if (stage.starts_with("layer 20/")) cancel = true;
        };
        QVERIFY_THROWS_EXCEPTION(qb::Cancelled, qb::quantizeModelJob(in.model, nullptr, plan, "test", 8, job));
        QVERIFY(std::filesystem::exists(journal));
        const qb::QuantizationOutcome resumed = qb::quantizeModelJob(in.model, nullptr, plan, "test", 8, {});
        QCOMPARE(resumed.resumedLayers, size_t(20)); // layer 20 finishes; the cancel stops layer 21
        const auto& a = straight.project.quantization->layers;
        const auto& b = resumed.project.quantization->layers;
        QCOMPARE(b.size(), a.size());
        for (size_t k = 0; k < a.size(); ++k) QVERIFY(a[k].weight.bytes == b[k].weight.bytes);
    }

    // "Write straight to a project file": the dialog checks the destination, the job streams the
    // layers into the file (the same bytes as quantizing in memory) and the open project stays.
    void quantizeIntoAFileLeavesTheProjectAlone() {
        openWindow(kStories);
        window_->showQuantizeDialog();
        auto* dialog = window_->findChild<qb::QuantizeDialog*>();
        QVERIFY(dialog);
        QVERIFY(!dialog->toFileBox()->isChecked()); // stories260K fits in memory many times over
        QVERIFY(!dialog->outputEdit()->isEnabled());
        QVERIFY(dialog->outputEdit()->text().endsWith(QStringLiteral("stories260K-quantized.qbproj")));
        dialog->toFileBox()->setChecked(true);
        QVERIFY(dialog->outputEdit()->isEnabled());
        dialog->outputEdit()->setText(QStringLiteral("/no/such/folder/x.qbproj"));
        QVERIFY(dialog->problem().contains(QStringLiteral("/no/such/folder")));
        dialog->outputEdit()->setText(kStories);
        QVERIFY(dialog->problem().contains(QStringLiteral("overwrite the model")));
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("story-w4.qbproj"));
        dialog->outputEdit()->setText(file);
        dialog->groupBox()->setCurrentIndex(dialog->groupBox()->findData(32));
        QCOMPARE(dialog->problem(), QString());
        QCOMPARE(dialog->request().outputPath, file);
        QSignalSpy written(window_.get(), &qb::MainWindow::quantizedToFile);
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(written.wait(kTimeoutMs));
        QCOMPARE(written.first().first().toString(), file);
        QCOMPARE(finished.count(), 0);
        QVERIFY(!window_->project()); // the open model has no project, as before
        QVERIFY(!QFileInfo::exists(file + QStringLiteral(".partial")));

        const qb::Project onDisk = qb::readProject(file.toStdString());
        QVERIFY(onDisk.quantization);
        qb::quant::PlanSettings s;
        s.bits = 4;
        s.group = 32;
        const qb::pipeline::OpenedInput in = qb::pipeline::openInput(kStories.toStdString());
        const qb::QuantizationOutcome inMemory = qb::quantizeModelJob(in.model, nullptr, qb::quant::uniformPlan(s), "test", 8, {});
        const auto& a = inMemory.project.quantization->layers;
        const auto& b = onDisk.quantization->layers;
        QCOMPARE(b.size(), a.size());
        for (size_t k = 0; k < a.size(); ++k) {
            QCOMPARE(b[k].name, a[k].name);
            QVERIFY(b[k].weight.bytes == a[k].weight.bytes);
        }
    }

    // Only with QB_BIG_CHECKPOINT=<a safetensors folder bigger than RAM> (bench/README: the sparse
    // 70B-shaped generator): the checkpoint opens, the dialog writes to a file by default, and
    // while the quantization runs the window keeps answering and memory stays small. Cancelled
    // after QB_BIG_SECONDS (60) with a picture of the window (QB_SCREENSHOT_DIR).
    void bigCheckpointQuantizesIntoAFile() {
        const QString folder = qEnvironmentVariable("QB_BIG_CHECKPOINT");
        if (folder.isEmpty()) QSKIP("QB_BIG_CHECKPOINT not set");
        const int seconds = qEnvironmentVariableIsSet("QB_BIG_SECONDS") ? qEnvironmentVariableIntValue("QB_BIG_SECONDS") : 60;
        QElapsedTimer opening;
        opening.start();
        openWindow(folder);
        std::printf("opened %s in %lld ms, %zu tensors\n", qPrintable(folder), qint64(opening.elapsed()), window_->model()->tensors.size());
        window_->resize(1400, 900);
        window_->showQuantizeDialog();
        auto* dialog = window_->findChild<qb::QuantizeDialog*>();
        QVERIFY(dialog);
        QVERIFY2(dialog->toFileBox()->isChecked(), "a result bigger than half of RAM goes to a file by default");
        QTemporaryDir dir(QDir::tempPath() + QStringLiteral("/qb-big-XXXXXX"));
        dialog->outputEdit()->setText(dir.filePath(QStringLiteral("big-w4.qbproj")));
        dialog->groupBox()->setCurrentIndex(dialog->groupBox()->findData(32));
        QSignalSpy cancelled(window_->workspace(), &qb::Workspace::jobCancelled);
        // The event loop's longest gap while the job runs: what a user would feel as a freeze.
        QElapsedTimer tick;
        qint64 longestGapMs = 0;
        QTimer probe;
        connect(&probe, &QTimer::timeout, this, [&] {
            longestGapMs = std::max(longestGapMs, tick.restart());
        });
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        tick.start();
        probe.start(20);
        QTest::qWait(seconds * 1000);
        probe.stop();
        QVERIFY(window_->workspace()->isBusy(qb::Workspace::JobKind::Quantization));
        const std::optional<qb::ProcessMemory> mem = qb::processMemory();
        QVERIFY(mem);
        std::printf("after %d s: %s; resident %.2f GB, peak %.2f GB; longest event-loop gap %lld ms\n", seconds,
                    qPrintable(window_->jobProgress()->stageText()), double(mem->resident) / 1e9, double(mem->peak) / 1e9,
                    longestGapMs);
        for (auto* m : window_->findChildren<qb::MemoryIndicator*>()) m->refresh();
        QVERIFY(qb::test::saveScreenshot(window_.get(), QStringLiteral("big-checkpoint-quantizing.png")));
        QVERIFY2(mem->peak < uint64_t(4) << 30, "streaming keeps the GUI process under 4 GB");
        QVERIFY2(longestGapMs < 1000, "the GUI thread never stalls for a second");
        window_->jobProgress()->cancelButton()->click();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("big-w4.qbproj"))));
    }

private:
    void openWindow(const QString& path) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(path);
        QVERIFY(opened.wait(kTimeoutMs));
    }

    void calibrate(const QString& data, int64_t samples) {
        qb::CalibrationRequest r;
        r.data.dataPath = data;
        r.samples = samples;
        r.context = 256;
        QSignalSpy finished(window_.get(), &qb::MainWindow::calibrationFinished);
        QVERIFY(window_->calibrate(r));
        QVERIFY(finished.wait(kTimeoutMs));
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runQuantizeGuiTests(int argc, char** argv) {
    QuantizeGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_quantize_gui.moc"
