// File > Export… in the window: stories260K quantized to Q8_0 exports as GGUF through the dialog
// (the file reopens as a model with the project's tensors and has the size the check predicted),
// the check runs as a job off the GUI thread with Export disabled meanwhile, and a 3-bit project
// shows the check's refusal with Export disabled and nothing written.
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <memory>

#include "app/gui/ExportDialog.h"
#include "app/gui/MainWindow.h"
#include "core/formats/model_reader.h"
#include "core/quant/plan.h"
#include "screenshots.h"

namespace {

const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/llama2c/stories260K.bin");
constexpr int kTimeoutMs = 120000;

qb::quant::Plan uniform(const char* json) { return qb::quant::parsePlan(json, "test plan"); }

} // namespace

class ExportGuiTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { window_.reset(); }

    void exportsGgufThroughTheDialog() {
        openAndQuantize(uniform(R"({"default": {"format": "q8_0"}})"));
        QVERIFY(window_->exportAction()->isEnabled());
        window_->exportAction()->trigger();
        qb::ExportDialog* dialog = visibleDialog();
        QVERIFY(dialog);
        // The check is a Workspace job: the dialog is up before it ends, Export off until it does.
        QVERIFY(dialog->isChecking());
        QVERIFY(window_->workspace()->isBusy(qb::Workspace::JobKind::ExportCheck));
        QPushButton* ok = dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok);
        QVERIFY(!ok->isEnabled());
        QSignalSpy checked(dialog, &qb::ExportDialog::checkFinished);
        QVERIFY(checked.wait(kTimeoutMs));
        QVERIFY(!dialog->isChecking());
        QVERIFY(dialog->checkThread() != nullptr);
        QVERIFY(dialog->checkThread() != QThread::currentThreadId());
        QCOMPARE(dialog->format(), qb::exporters::ExportFormat::Gguf); // a language model: llama.cpp first
        QVERIFY2(dialog->problems().isEmpty(), qPrintable(dialog->problems()));
        QVERIFY(ok->isEnabled());
        const quint64 predicted = dialog->predictedBytes();
        QVERIFY(predicted > 0);
        QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("exportPredictedSize"))->text().contains(QLocale().toString(predicted)));
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("export-dialog.png")));

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("stories-q8_0.gguf"));
        dialog->destinationEdit()->setText(file);
        QSignalSpy finished(window_.get(), &qb::MainWindow::exportFinished);
        dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.first().first().toString(), file);
        QCOMPARE(quint64(QFileInfo(file).size()), predicted);

        // The export opens as a model holding every tensor of the source, the quantized ones as Q8_0.
        const qb::Model exported = qb::openModel(file.toStdString());
        QCOMPARE(exported.tensors.size(), window_->model()->tensors.size());
        // ffn_down's 172-wide rows take no 32-blocks: those layers were quantized to f16.
        int q8 = 0, planned = 0;
        for (const qb::TensorEntry& t : exported.tensors) q8 += t.dtype == qb::DType::Q8_0;
        for (const auto& l : window_->project()->quantization->layers) planned += l.weight.scheme->name == "q8_0";
        QCOMPARE(q8, planned);
        QCOMPARE(planned, 31);
    }

    void refusalKeepsExportDisabled() {
        openAndQuantize(uniform(R"({"default": {"bits": 3, "group": 32}})"));
        qb::ExportDialog* dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->format(), qb::exporters::ExportFormat::Gguf);
        // GGUF has no 3-bit group-32 integer type: every layer is named, and Export stays off.
        QVERIFY(dialog->problems().contains(QStringLiteral("int3_g32_sym")));
        QVERIFY(!dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->isEnabled());
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("export-dialog-refused.png")));
        // ONNX QDQ reads ONNX models only: the check says so instead of offering the export.
        dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(qb::exporters::ExportFormat::OnnxQdq)));
        QVERIFY(waitForCheck(dialog));
        QVERIFY(!dialog->problems().isEmpty());
        QCOMPARE(dialog->predictedBytes(), quint64(0));
        QVERIFY(dialog->destinationEdit()->text().endsWith(QStringLiteral(".onnx")));
        // GPTQ safetensors is a folder: the destination loses its suffix. Its readers keep the
        // embedding in float, so the quantized token_embd is what it refuses.
        dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(qb::exporters::ExportFormat::GptqSafetensors)));
        QVERIFY(waitForCheck(dialog));
        QVERIFY(dialog->destinationEdit()->text().endsWith(QStringLiteral("/stories260K-quantized")));
        QVERIFY2(dialog->problems().contains(QStringLiteral("token_embd.weight")), qPrintable(dialog->problems()));
        dialog->reject();
    }

private:
    void openAndQuantize(const qb::quant::Plan& plan) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(kStories);
        QVERIFY(opened.wait(kTimeoutMs));
        QVERIFY(!window_->exportAction()->isEnabled());
        QSignalSpy quantized(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(plan));
        QVERIFY(quantized.wait(kTimeoutMs));
    }

    // Closed dialogs linger until deleteLater runs, so take the visible one.
    qb::ExportDialog* visibleDialog() {
        for (qb::ExportDialog* dialog : window_->findChildren<qb::ExportDialog*>())
            if (dialog->isVisible()) return dialog;
        return nullptr;
    }

    static bool waitForCheck(qb::ExportDialog* dialog) {
        if (!dialog->isChecking()) return true;
        QSignalSpy checked(dialog, &qb::ExportDialog::checkFinished);
        return checked.wait(kTimeoutMs);
    }

    // File > Export…, its first check done.
    qb::ExportDialog* openDialog() {
        window_->exportAction()->trigger();
        qb::ExportDialog* dialog = visibleDialog();
        return dialog && waitForCheck(dialog) ? dialog : nullptr;
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runExportGuiTests(int argc, char** argv) {
    ExportGuiTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_export_gui.moc"
