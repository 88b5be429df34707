// Model > Evaluate on real models and data: the GUI's figures equal the core API's on the same
// settings (the core's own tests pin those to the published accuracies and perplexities), Cancel
// leaves no result, bad data is reported in the log, and the dialog remembers its settings.
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTest>
#include <memory>

#include "app/gui/EvaluationDialog.h"
#include "app/gui/JobProgressWidget.h"
#include "app/gui/MainWindow.h"
#include "app/gui/ModelEvaluation.h"
#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/datasets/image_dataset.h"
#include "core/eval/perplexity.h"
#include "core/datasets/text_dataset.h"
#include "core/formats/model_reader.h"
#include "core/llm/transformer.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "widgets/EvaluationPanel.h"
#include "widgets/LogView.h"
#include "screenshots.h"

namespace {

const QString kMnistModel = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
const QString kMnistData = QStringLiteral(QB_SHARED_DIR "/data/mnist");
const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/gguf/stories260K.gguf");
const QString kText = QStringLiteral(QB_SHARED_DIR "/data/tinystories/TinyStories-validation-excerpt.txt");

constexpr int kTimeoutMs = 120000;

qb::EvaluationSettings classifierSettings() {
    qb::EvaluationSettings s;
    s.dataPath = kMnistData;
    s.limit = 500;
    return s;
}

qb::EvaluationSettings textSettings() {
    qb::EvaluationSettings s;
    s.dataPath = kText;
    s.context = 256;
    s.windowLimit = 20;
    return s;
}

} // namespace

class EvaluationTest : public QObject {
    Q_OBJECT
private slots:
    // Settings remembered by an earlier run of the tests must not make the dialog test pass.
    void initTestCase() { QSettings().remove(QStringLiteral("evaluation")); }
    void cleanup() { window_.reset(); }

    void classifierMatchesCore() {
        const qb::Model model = qb::openModel(kMnistModel.toStdString());
        qb::engine::Executor executor(model);
        const qb::ImageDataset data = qb::loadDataset(kMnistData.toStdString());
        const qb::EvalResult expected = qb::evaluateClassifier(executor, data, qb::Preprocess{}, 500, qb::kClassifierBatch);
        QCOMPARE(expected.counts.samples, int64_t(500));

        openWindow(kMnistModel);
        QSignalSpy finished(window_.get(), &qb::MainWindow::evaluationFinished);
        QVERIFY(window_->evaluate(classifierSettings()));
        QVERIFY(finished.wait(kTimeoutMs));

        qb::EvaluationPanel* panel = window_->evaluationPanel();
        QCOMPARE(panel->runCount(), 1);
        const qb::EvaluationRun& run = panel->run(0);
        QVERIFY(run.classifier && !run.language);
        QCOMPARE(run.classifier->counts.samples, expected.counts.samples);
        QCOMPARE(run.classifier->counts.top1, expected.counts.top1);
        QCOMPARE(run.classifier->counts.top5, expected.counts.top5);
        QTableWidget* table = panel->resultTable();
        QCOMPARE(table->rowCount(), 1);
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColModel)->text(), QStringLiteral("mnist-12.onnx"));
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColMetric)->text(), QStringLiteral("top-1"));
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColValue)->data(Qt::UserRole).toDouble(),
                 expected.counts.top1Rate());
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColSamples)->data(Qt::UserRole).toLongLong(), 500);
        QVERIFY(window_->logView()->toPlainText().contains(QStringLiteral("Evaluated mnist-12.onnx on mnist")));

        // A second run is a second row, so runs can be compared.
        QVERIFY(window_->evaluate(classifierSettings()));
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(table->rowCount(), 2);
    }

    void perplexityMatchesCore() {
        const qb::Model model = qb::openModel(kStories.toStdString());
        const qb::BpeTokenizer tokenizer = qb::loadTokenizer(model);
        qb::TextDataset data = qb::loadTextDataset(kText.toStdString(), tokenizer);
        data.tokens.resize(20 * 255 + 1); // BOS + 20 windows of 255 scored tokens
        qb::Transformer transformer(model);
        const qb::PerplexityResult expected =
            qb::evaluatePerplexity(transformer, data.tokens, tokenizer.bos(), {.context = 256});
        QCOMPARE(expected.windows, int64_t(20));
        const std::vector<int32_t> bos{tokenizer.bos()};
        const std::string sample =
            tokenizer.decode(transformer.generateGreedy(bos, qb::EvaluationSettings::kDefaultSampleTokens));

        openWindow(kStories);
        QSignalSpy finished(window_.get(), &qb::MainWindow::evaluationFinished);
        QVERIFY(window_->evaluate(textSettings()));
        QVERIFY(finished.wait(kTimeoutMs));

        qb::EvaluationPanel* panel = window_->evaluationPanel();
        QCOMPARE(panel->runCount(), 1);
        const qb::EvaluationRun& run = panel->run(0);
        QVERIFY(run.language && !run.classifier);
        QCOMPARE(run.language->tokens, expected.tokens);
        QCOMPARE(run.language->windows, expected.windows);
        QCOMPARE(run.language->perplexity, expected.perplexity);
        QCOMPARE(run.language->meanNll, expected.meanNll);
        QCOMPARE(run.context, int64_t(256));
        // An empty prompt starts after BOS, as the core's own greedy generation.
        QCOMPARE(panel->sampleText(), QString::fromStdString(sample));
        QTableWidget* table = panel->resultTable();
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColMetric)->text(), QStringLiteral("perplexity"));
        QCOMPARE(table->item(0, qb::EvaluationPanel::ColValue)->data(Qt::UserRole).toDouble(), expected.perplexity);
    }

    void promptStartsTheSample() {
        const qb::Model model = qb::openModel(kStories.toStdString());
        const qb::BpeTokenizer tokenizer = qb::loadTokenizer(model);
        qb::Transformer transformer(model);
        const std::vector<int32_t> prompt = tokenizer.encode("Tom had a red ball", true);
        std::vector<int32_t> ids = prompt;
        const std::vector<int32_t> generated = transformer.generateGreedy(prompt, 12);
        ids.insert(ids.end(), generated.begin(), generated.end());

        auto shared = std::make_shared<const qb::Model>(qb::openModel(kStories.toStdString()));
        qb::EvaluationSettings s = textSettings();
        s.windowLimit = 1;
        s.prompt = QStringLiteral("Tom had a red ball");
        s.sampleTokens = 12;
        const qb::EvaluationRun run = qb::evaluateModel(shared, s, {});
        QCOMPARE(run.sample, QString::fromStdString(tokenizer.decode(ids)));
        QVERIFY(run.sample.startsWith(QStringLiteral("Tom had a red ball")));
    }

    void reportsBatchesAndWindows() {
        std::vector<std::string> stages;
        qb::JobContext job;
        job.progress = [&stages](double, std::string_view stage) { stages.emplace_back(stage); };
        auto mnist = std::make_shared<const qb::Model>(qb::openModel(kMnistModel.toStdString()));
        qb::evaluateModel(mnist, classifierSettings(), job);
        // mnist-12 declares a batch of 1: one batch per image.
        QCOMPARE(QString::fromStdString(stages.back()), QStringLiteral("batch 500/500"));

        stages.clear();
        auto stories = std::make_shared<const qb::Model>(qb::openModel(kStories.toStdString()));
        qb::evaluateModel(stories, textSettings(), job);
        QVERIFY(std::find(stages.begin(), stages.end(), "window 20/20") != stages.end());
        QCOMPARE(QString::fromStdString(stages.back()), QStringLiteral("sample token 40/40"));
    }

    void cancelLeavesNoRow() {
        openWindow(kStories);
        QSignalSpy finished(window_.get(), &qb::MainWindow::evaluationFinished);
        QSignalSpy cancelled(window_->workspace(), &qb::Workspace::jobCancelled);
        QSignalSpy progress(window_->workspace(), &qb::Workspace::jobProgress);
        qb::EvaluationSettings s = textSettings();
        s.context = 512;
        s.windowLimit = 0; // the whole text: several seconds
        QVERIFY(window_->evaluate(s));
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() &&
                                     progress.last().at(2).toString().startsWith(QStringLiteral("window")),
                                 kTimeoutMs);
        QVERIFY(window_->jobProgress()->stageText().contains(QStringLiteral("window")));
        QVERIFY(qb::test::saveScreenshot(window_.get(), QStringLiteral("evaluation-running.png")));
        QVERIFY(window_->jobProgress()->cancelButton()->isEnabled());
        window_->jobProgress()->cancelButton()->click();
        QVERIFY(cancelled.wait(kTimeoutMs));
        QVERIFY(finished.isEmpty());
        QCOMPARE(window_->evaluationPanel()->runCount(), 0);
        QCOMPARE(window_->evaluationPanel()->resultTable()->rowCount(), 0);
        QVERIFY(window_->logView()->toPlainText().contains(QStringLiteral("cancelled")));
    }

    void invalidDataIsLogged() {
        openWindow(kMnistModel);
        QSignalSpy failed(window_.get(), &qb::MainWindow::evaluationFailed);
        qb::EvaluationSettings s = classifierSettings();
        s.dataPath = QStringLiteral("/nonexistent/mnist");
        QVERIFY(window_->evaluate(s));
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(failed.at(0).at(0).toString().contains(s.dataPath));
        // The text file is not image data either.
        s.dataPath = kText;
        QVERIFY(window_->evaluate(s));
        QVERIFY(failed.wait(kTimeoutMs));
        const QString log = window_->logView()->toPlainText();
        QVERIFY(log.contains(QStringLiteral("Evaluation failed: /nonexistent/mnist")));
        QVERIFY(log.contains(QStringLiteral("Evaluation failed: ") + kText));
        QCOMPARE(window_->evaluationPanel()->runCount(), 0);
        QVERIFY(window_->isVisible());
    }

    void dialogRemembersSettingsPerModel() {
        openWindow(kMnistModel);
        QVERIFY(window_->evaluateAction()->isEnabled());
        QCOMPARE(window_->evaluateAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_E));
        qb::EvaluationDialog* dialog = openDialog();
        QVERIFY(dialog);
        // A clear refusal, not an evaluation, for a path that does not exist.
        dialog->dataEdit()->setText(QStringLiteral("/nonexistent/mnist"));
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->problem().contains(QStringLiteral("/nonexistent/mnist")));

        dialog->findChild<QLineEdit*>(QStringLiteral("evalScale"))->setText(QStringLiteral("0"));
        dialog->dataEdit()->setText(kMnistData);
        dialog->accept();
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->problem().contains(QStringLiteral("scale")));
        dialog->findChild<QLineEdit*>(QStringLiteral("evalScale"))->setText(QStringLiteral("1"));

        dialog->dataEdit()->setText(kMnistData);
        dialog->findChild<QSpinBox*>(QStringLiteral("evalLimit"))->setValue(300);
        dialog->findChild<QLineEdit*>(QStringLiteral("evalStd"))->setText(QStringLiteral("1.0"));
        QSignalSpy finished(window_.get(), &qb::MainWindow::evaluationFinished);
        dialog->accept();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(window_->evaluationPanel()->run(0).classifier->counts.samples, int64_t(300));

        dialog = openDialog();
        QVERIFY(dialog);
        QCOMPARE(dialog->dataEdit()->text(), kMnistData);
        QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("evalLimit"))->value(), 300);
        QCOMPARE(dialog->settings().std, QStringLiteral("1.0"));
        dialog->reject();

        // Another model starts from its own settings: a language model's default context.
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(kStories);
        QVERIFY(opened.wait(kTimeoutMs));
        dialog = openDialog();
        QVERIFY(dialog);
        QVERIFY(dialog->dataEdit()->text().isEmpty());
        QCOMPARE(dialog->findChild<QSpinBox*>(QStringLiteral("evalContext"))->value(), 512); // min(512, 512)
        QVERIFY(!dialog->findChild<QSpinBox*>(QStringLiteral("evalLimit")));
        QVERIFY(qb::test::saveScreenshot(dialog, QStringLiteral("evaluate-dialog-text.png")));
        dialog->reject();
    }

private:
    // Model > Evaluate…; closed dialogs linger until deleteLater runs, so take the visible one.
    qb::EvaluationDialog* openDialog() {
        window_->evaluateAction()->trigger();
        for (qb::EvaluationDialog* dialog : window_->findChildren<qb::EvaluationDialog*>()) {
            if (dialog->isVisible()) {
                return dialog;
            }
        }
        return nullptr;
    }

    void openWindow(const QString& model) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QVERIFY(!window_->evaluateAction()->isEnabled());
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(model);
        QVERIFY(opened.wait(kTimeoutMs));
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runEvaluationTests(int argc, char** argv) {
    EvaluationTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_evaluation.moc"
