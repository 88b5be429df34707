// The plan editor in the window: chips dropped on layers (drag events on the table), refusals of
// schemes a layer cannot take, the budget meter against the scheme table, undo/redo, a bar dragged
// in the bits chart, export/import, and "Quantize with This Plan" on stories260K and mnist-12.
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDropEvent>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>
#include <memory>

#include "app/gui/MainWindow.h"
#include "app/gui/Workspace.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/domain/scheme.h"
#include "core/quant/plan.h"
#include "widgets/BitsChart.h"
#include "widgets/BudgetMeter.h"
#include "widgets/ChipPalette.h"
#include "widgets/LogView.h"
#include "widgets/PlanDocument.h"
#include "widgets/PlanEditor.h"
#include "widgets/PlanInspector.h"
#include "widgets/PlanTable.h"
#include "screenshots.h"

namespace {

const QString kStories = QStringLiteral(QB_SHARED_DIR "/models/gguf/stories260K.gguf");
const QString kMnist = QStringLiteral(QB_SHARED_DIR "/models/onnx/mnist-12.onnx");
constexpr int kTimeoutMs = 120000;
// stories260K: token_embd and output [512, 64], five blocks of q/o [64, 64], k/v [32, 64] and
// gate/up [172, 64], down [64, 172].
constexpr uint64_t kStoriesWeights = 2 * 32768 + 5 * (2 * 4096 + 2 * 2048 + 3 * 11008);

} // namespace

class PlanEditorTest : public QObject {
    Q_OBJECT
private slots:
    void cleanup() { window_.reset(); }

    void listsLayersInExecutionOrder() {
        openWindow(kStories);
        const QStringList layers = editor()->chart()->layers();
        QCOMPARE(layers.size(), 37);
        QCOMPARE(layers.front(), QStringLiteral("token_embd.weight"));
        QCOMPARE(layers[1], QStringLiteral("blk.0.attn_q.weight"));
        QCOMPARE(layers[7], QStringLiteral("blk.0.ffn_down.weight"));
        QCOMPARE(layers.back(), QStringLiteral("output.weight"));
        // Norms only behind the filter: 37 rows, then 37 + 11 norms.
        QCOMPARE(editor()->table()->model()->rowCount(), 37);
        editor()->showAllBox()->setChecked(true);
        QCOMPARE(editor()->table()->model()->rowCount(), 48);
        QCOMPARE(rowName(1), QStringLiteral("blk.0.attn_norm.weight"));
        // mnist-12: execution order (conv, conv, matmul), not the file's (the matmul comes first).
        openWindow(kMnist);
        QCOMPARE(editor()->chart()->layers(),
                 QStringList({QStringLiteral("Parameter5"), QStringLiteral("Parameter87"), QStringLiteral("Parameter193")}));
    }

    void chipDropChangesPlanAndBudget() {
        openWindow(kStories);
        qb::BudgetMeter* meter = editor()->budget();
        // No plan yet: every layer f32.
        QCOMPARE(meter->plannedBytes(), 4 * kStoriesWeights);
        QCOMPARE(meter->bitsPerWeight(), 32.0);
        QVERIFY2(meter->predictionText().contains(QStringLiteral("—")), qPrintable(meter->predictionText()));

        qb::SchemeChip* int4 = editor()->palette()->chip(QStringLiteral("INT4"));
        QVERIFY(int4);
        QCOMPARE(QString::fromStdString(int4->scheme().name), QStringLiteral("int4_g32_sym"));
        QCOMPARE(int4->bitsText(), QStringLiteral("4.50"));
        QVERIFY(dropOn(QStringLiteral("blk.0.attn_q.weight"), int4->scheme()));
        const qb::quant::PlanEntry* e = doc()->plan().entry("blk.0.attn_q.weight");
        QVERIFY(e);
        QCOMPARE(e->settings.bits.value_or(0), 4);
        QCOMPARE(e->settings.group.value_or(0), int64_t(32));
        // 4,096 weights at the table's 4.5 bits per weight (4-bit codes and an fp16 scale per 32).
        const double bpw = qb::quant::scheme("int4_g32_sym").bitsPerWeight;
        const uint64_t expected = 4 * (kStoriesWeights - 4096) + uint64_t(4096 * bpw / 8);
        QCOMPARE(expected, 4 * (kStoriesWeights - 4096) + 2304);
        QCOMPARE(meter->plannedBytes(), expected);
        QVERIFY(qAbs(meter->bitsPerWeight() - 8.0 * double(expected) / double(kStoriesWeights)) < 1e-12);
        QVERIFY2(meter->bitsText().startsWith(QLocale().toString(8.0 * double(expected) / double(kStoriesWeights), 'f', 3)),
                 qPrintable(meter->bitsText()));
        // The row shows the scheme, its bits per weight and bytes.
        const int row = rowOf(QStringLiteral("blk.0.attn_q.weight"));
        auto cell = [&](int col) { return editor()->table()->model()->index(row, col).data().toString(); };
        QCOMPARE(cell(qb::PlanTableModel::ColScheme), QStringLiteral("int4_g32_sym"));
        QCOMPARE(cell(qb::PlanTableModel::ColBits), QLocale().toString(4.5, 'f', 2));
        QCOMPARE(cell(qb::PlanTableModel::ColBytes), QLocale().toString(2304));

        // A multi-selection takes the drop as a whole: both gates become q8_0 (8.5 bits).
        editor()->table()->selectLayers({QStringLiteral("blk.0.ffn_gate.weight"), QStringLiteral("blk.1.ffn_gate.weight")});
        QVERIFY(dropOn(QStringLiteral("blk.1.ffn_gate.weight"), qb::quant::scheme("q8_0")));
        for (const char* name : {"blk.0.ffn_gate.weight", "blk.1.ffn_gate.weight"})
            QCOMPARE(QString::fromStdString(doc()->plan().entry(name)->settings.format.value_or("")), QStringLiteral("q8_0"));
        const uint64_t expected2 = expected - 2 * 4 * 11008 + 2 * uint64_t(11008 * qb::quant::scheme("q8_0").bitsPerWeight / 8);
        QCOMPARE(meter->plannedBytes(), expected2);

        // The sensitivity hook: with a value for every quantized layer the meter predicts a change.
        qb::SensitivityTable t;
        t["blk.0.attn_q.weight"]["int4_g32_sym"] = 0.25;
        t["blk.0.ffn_gate.weight"]["q8_0"] = 0.01;
        doc()->setSensitivity(t, QStringLiteral("KL"));
        QVERIFY(meter->predictionText().contains(QStringLiteral("—"))); // blk.1.ffn_gate has none
        t["blk.1.ffn_gate.weight"]["q8_0"] = 0.02;
        doc()->setSensitivity(t, QStringLiteral("KL"));
        QVERIFY2(meter->predictionText().contains(QLocale().toString(0.28, 'g', 4)), qPrintable(meter->predictionText()));

        if (!qb::test::screenshotDir().isEmpty()) {
            editor()->table()->selectLayers({QStringLiteral("blk.0.attn_q.weight")});
            QApplication::processEvents(); // the chart replots on the event loop
            QVERIFY(qb::test::saveScreenshot(editor(), QStringLiteral("plan-editor-stories.png")));
            QVERIFY(qb::test::saveScreenshot(window_.get(), QStringLiteral("plan-window-stories.png")));
        }
    }

    // The scale-codes box turns the INT chips into the "_s8", "_s6" and "_s4" schemes, each with
    // fewer bits per weight; a dropped one is kept in the plan as its scale_bits.
    void scaleCodeChips() {
        openWindow(kStories);
        QComboBox* box = editor()->palette()->scaleBitsBox();
        QVERIFY(box);
        QCOMPARE(box->currentData().toInt(), 16);
        QCOMPARE(QString::fromStdString(editor()->palette()->chip(QStringLiteral("INT4"))->scheme().name), QStringLiteral("int4_g32_sym"));
        double previous = editor()->palette()->chip(QStringLiteral("INT4"))->scheme().bitsPerWeight;
        for (int bits : {8, 6, 4}) {
            box->setCurrentIndex(box->findData(bits));
            const qb::quant::Scheme& s = editor()->palette()->chip(QStringLiteral("INT4"))->scheme();
            QCOMPARE(QString::fromStdString(s.name), QStringLiteral("int4_g32_sym_s%1").arg(bits));
            QVERIFY2(s.bitsPerWeight < previous, qPrintable(QString::number(s.bitsPerWeight)));
            previous = s.bitsPerWeight;
            QVERIFY(dropOn(QStringLiteral("blk.1.attn_q.weight"), s));
            QCOMPARE(doc()->plan().entry("blk.1.attn_q.weight")->settings.scaleBits.value_or(16), bits);
            QCOMPARE(doc()->row("blk.1.attn_q.weight")->plan->scheme->name, s.name);
            // As with fp16 scales, the editor refuses groups of 32 on ffn_down's rows of 172.
            QVERIFY(!dropOn(QStringLiteral("blk.1.ffn_down.weight"), s));
        }
        // A GGML chip on the same layer clears scale_bits with bits.
        QVERIFY(dropOn(QStringLiteral("blk.1.attn_q.weight"), qb::quant::scheme("q8_0")));
        QVERIFY(!doc()->plan().entry("blk.1.attn_q.weight")->settings.scaleBits);
        box->setCurrentIndex(box->findData(16));
        QCOMPARE(QString::fromStdString(editor()->palette()->chip(QStringLiteral("INT4"))->scheme().name), QStringLiteral("int4_g32_sym"));
    }

    void refusesSchemesALayerCannotTake() {
        openWindow(kStories);
        const qb::quant::Plan before = doc()->plan();
        // ffn_down rows hold 172 weights: no whole groups of 32, no whole Q4_0 blocks.
        QVERIFY(!dropOn(QStringLiteral("blk.2.ffn_down.weight"), editor()->palette()->chip(QStringLiteral("INT8"))->scheme()));
        QVERIFY2(editor()->statusText().contains(QStringLiteral("172")), qPrintable(editor()->statusText()));
        QVERIFY(!dropOn(QStringLiteral("blk.2.ffn_down.weight"), qb::quant::scheme("q4_0")));
        // attn_q rows of 64 are no K-quant block of 256.
        QVERIFY(!dropOn(QStringLiteral("blk.2.attn_q.weight"), qb::quant::scheme("q4_k")));
        QVERIFY(doc()->plan() == before);
        // GPTQ takes no GGML block format: set the method in the inspector, then drop Q4_0.
        editor()->table()->selectLayers({QStringLiteral("blk.1.attn_v.weight")});
        QVERIFY(dropOn(QStringLiteral("blk.1.attn_v.weight"), editor()->palette()->chip(QStringLiteral("INT4"))->scheme()));
        QComboBox* method = editor()->inspector()->methodBox();
        method->setCurrentIndex(method->findData(QStringLiteral("gptq")));
        emit method->activated(method->currentIndex());
        QCOMPARE(QString::fromStdString(doc()->plan().entry("blk.1.attn_v.weight")->settings.method.value_or("")),
                 QStringLiteral("gptq"));
        const qb::quant::Plan withGptq = doc()->plan();
        // The palette greys the chip out for this selection...
        QVERIFY(!editor()->palette()->chip(QStringLiteral("Q4_0"))->isEnabled());
        QVERIFY(editor()->palette()->chip(QStringLiteral("INT3"))->isEnabled());
        // ...and a drop all the same is refused, with the reason.
        QVERIFY(!dropOn(QStringLiteral("blk.1.attn_v.weight"), qb::quant::scheme("q4_0")));
        QVERIFY2(editor()->statusText().contains(QStringLiteral("GPTQ")), qPrintable(editor()->statusText()));
        QVERIFY(doc()->plan() == withGptq);
        // Not quantizable: a norm takes no chip.
        editor()->showAllBox()->setChecked(true);
        QVERIFY(!dropOn(QStringLiteral("blk.1.attn_norm.weight"), qb::quant::scheme("f16")));
    }

    void undoRestoresAndRedoReapplies() {
        openWindow(kStories);
        std::vector<qb::quant::Plan> plans{doc()->plan()};
        QVERIFY(dropOn(QStringLiteral("blk.3.attn_k.weight"), qb::quant::scheme("q4_0")));
        plans.push_back(doc()->plan());
        QVERIFY(doc()->setDefaultScheme(qb::quant::scheme("int6_g64_asym")).isEmpty());
        plans.push_back(doc()->plan());
        // Per channel cannot be had while the default sets groups: refused, nothing changes.
        QVERIFY(!dropOn(QStringLiteral("blk.4.attn_output.weight"), qb::quant::scheme("int2_channel_sym")));
        QVERIFY2(editor()->statusText().contains(QStringLiteral("groups of 64")), qPrintable(editor()->statusText()));
        QVERIFY(doc()->plan() == plans.back());
        QCOMPARE(doc()->undoStack()->count(), 2);
        editor()->table()->selectLayers({QStringLiteral("blk.4.attn_output.weight")});
        QVERIFY(dropOn(QStringLiteral("blk.4.attn_output.weight"), qb::quant::scheme("int2_g32_sym")));
        plans.push_back(doc()->plan());
        QComboBox* grid = editor()->inspector()->gridBox();
        grid->setCurrentIndex(grid->findData(false));
        emit grid->activated(grid->currentIndex());
        plans.push_back(doc()->plan());
        QCOMPARE(QString::fromStdString(doc()->row("blk.4.attn_output.weight")->plan->scheme->name),
                 QStringLiteral("int2_g32_asym"));
        QCOMPARE(doc()->undoStack()->count(), 4);
        const uint64_t bytesAfter = editor()->budget()->plannedBytes();
        // Ctrl+Z three times, then the Edit menu's Undo once more: back to the empty plan.
        QVERIFY(QTest::qWaitForWindowActive(window_.get()));
        for (int i = 3; i >= 1; --i) {
            QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier);
            QVERIFY(doc()->plan() == plans[size_t(i)]);
        }
        window_->undoAction()->trigger();
        QVERIFY(doc()->plan() == plans[0]);
        QCOMPARE(editor()->budget()->plannedBytes(), 4 * kStoriesWeights);
        // Ctrl+Shift+Z re-applies them in order.
        for (size_t i = 1; i < plans.size(); ++i) {
            QTest::keyClick(window_.get(), Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
            QVERIFY(doc()->plan() == plans[i]);
        }
        QCOMPARE(editor()->budget()->plannedBytes(), bytesAfter);
        // The workspace holds the editor's plan all along.
        QVERIFY(*window_->workspace()->plan() == plans.back());
    }

    void barDraggedInChartChangesBits() {
        openWindow(kStories);
        qb::BitsChart* chart = editor()->chart();
        chart->replot();
        const int index = int(chart->layers().indexOf(QStringLiteral("blk.2.attn_output.weight")));
        QVERIFY(index > 0);
        const QPoint top = chart->barTop(index);
        const QPoint target(top.x(), chart->levelY(3));
        QVERIFY(chart->levelAt(target.y()) == 3);
        QTest::mousePress(chart, Qt::LeftButton, {}, QPoint(top.x(), top.y() + 10));
        QTest::mouseMove(chart, QPoint(top.x(), (top.y() + target.y()) / 2));
        QTest::mouseMove(chart, target);
        QTest::mouseRelease(chart, Qt::LeftButton, {}, target);
        const auto* r = doc()->row("blk.2.attn_output.weight");
        QVERIFY(r && r->plan);
        // 3 bits at the palette's groups of 32: 3 + 16/32 bits per weight.
        QCOMPARE(QString::fromStdString(r->plan->scheme->name), QStringLiteral("int3_g32_sym"));
        QCOMPARE(doc()->plan().entry("blk.2.attn_output.weight")->settings.bits.value_or(0), 3);
        // Up to fp16.
        chart->replot();
        QTest::mousePress(chart, Qt::LeftButton, {}, QPoint(top.x(), chart->barTop(index).y() + 5));
        QTest::mouseMove(chart, QPoint(top.x(), chart->levelY(16)));
        QTest::mouseRelease(chart, Qt::LeftButton, {}, QPoint(top.x(), chart->levelY(16)));
        QCOMPARE(QString::fromStdString(doc()->row("blk.2.attn_output.weight")->plan->scheme->name), QStringLiteral("f16"));
        QCOMPARE(doc()->undoStack()->count(), 2);
    }

    void exportImportRoundTrips() {
        openWindow(kStories);
        QVERIFY(dropOn(QStringLiteral("blk.0.attn_v.weight"), qb::quant::scheme("q5_1")));
        QVERIFY(doc()->setDefaultScheme(qb::quant::scheme("int4_g32_sym")).isEmpty());
        editor()->table()->selectLayers({QStringLiteral("blk.0.attn_v.weight")});
        QVERIFY(editor()->inspector()->applyToKindButton()->isEnabled());
        editor()->inspector()->applyToKindButton()->click();
        for (int b = 0; b < 5; ++b)
            QVERIFY(doc()->plan().entry("blk." + std::to_string(b) + ".attn_v.weight"));
        const qb::quant::Plan edited = doc()->plan();
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("plan.json"));
        QVERIFY(window_->exportPlan(file));
        QVERIFY(doc()->setDefaultScheme(qb::quant::scheme("f16")).isEmpty());
        QVERIFY(!(doc()->plan() == edited));
        QVERIFY(window_->importPlan(file));
        QVERIFY(doc()->plan() == edited);
        QVERIFY(qb::quant::readPlan(file.toStdString()) == edited);
        // An import is one undo step.
        window_->undoAction()->trigger();
        QCOMPARE(QString::fromStdString(doc()->plan().defaults.format.value_or("")), QStringLiteral("f16"));

        // A plan with problems comes in with every problem shown, and cannot be quantized.
        const QString bad = dir.filePath(QStringLiteral("bad.json"));
        {
            QFile f(bad);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(R"({"default": {"bits": 4, "group": 48}, "layers": {"nope.weight": "q4_0", "blk.0.attn_q.weight": {"bits": 9}}})");
        }
        QVERIFY(window_->importPlan(bad));
        QCOMPARE(doc()->problems().size(), size_t(3));
        QVERIFY(!window_->quantizeWithPlanAction()->isEnabled());
        QVERIFY2(editor()->budget()->sizeText().contains(QStringLiteral("3")), qPrintable(editor()->budget()->sizeText()));
        QVERIFY(!window_->importPlan(dir.filePath(QStringLiteral("missing.json"))));
    }

    void quantizesStoriesWithThePlan() {
        openWindow(kStories);
        QVERIFY(dropOnDefault(qb::quant::scheme("q8_0")));
        QVERIFY(dropOn(QStringLiteral("blk.0.attn_q.weight"), editor()->palette()->chip(QStringLiteral("INT4"))->scheme()));
        QVERIFY(dropOn(QStringLiteral("output.weight"), qb::quant::scheme("f16")));
        editor()->palette()->setGroup(std::nullopt);
        QVERIFY(dropOn(QStringLiteral("blk.0.ffn_down.weight"), editor()->palette()->chip(QStringLiteral("INT6"))->scheme()));
        QVERIFY(window_->quantizeWithPlanAction()->isEnabled());
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        window_->quantizeWithPlanAction()->trigger();
        QVERIFY(finished.wait(kTimeoutMs));
        const qb::Project* p = window_->project();
        QVERIFY(p && p->quantization);
        QCOMPARE(p->quantization->layers.size(), size_t(37));
        for (const auto& l : p->quantization->layers) {
            const std::string& n = l.name;
            const QString got = QString::fromStdString(l.weight.scheme->name);
            const QString want = n == "blk.0.attn_q.weight"     ? QStringLiteral("int4_g32_sym")
                                 : n == "output.weight"         ? QStringLiteral("f16")
                                 : n == "blk.0.ffn_down.weight" ? QStringLiteral("int6_channel_sym")
                                 : l.weight.cols % 32 != 0      ? QStringLiteral("f16") // the default's fallback
                                                                : QStringLiteral("q8_0");
            QVERIFY2(got == want, qPrintable(QString::fromStdString(n) + ": " + got));
            QCOMPARE(got, QString::fromStdString(doc()->row(n)->plan->scheme->name));
        }
        QCOMPARE(qb::quant::planJson(doc()->plan()), p->quantization->plan);
        // The quantization kept the editor's plan and its history.
        QCOMPARE(doc()->undoStack()->count(), 4);
    }

    void quantizesMnistWithThePlan() {
        openWindow(kMnist);
        QVERIFY(!editor()->palette()->group().has_value()); // a CNN's chips are per channel
        QVERIFY(dropOn(QStringLiteral("Parameter5"), editor()->palette()->chip(QStringLiteral("INT8"))->scheme()));
        QVERIFY(dropOn(QStringLiteral("Parameter193"), editor()->palette()->chip(QStringLiteral("INT4"))->scheme()));
        // 25 weights a row: no Q4_0 blocks of 32.
        QVERIFY(!dropOn(QStringLiteral("Parameter5"), qb::quant::scheme("q4_0")));
        // The inspector offers only the group sizes the rows split into (Parameter193: 256).
        editor()->table()->selectLayers({QStringLiteral("Parameter193")});
        QComboBox* group = editor()->inspector()->groupBox();
        QCOMPARE(group->count(), 4);
        QCOMPARE(editor()->inspector()->methodBox()->count(), 1); // RTN only for a CNN
        if (!qb::test::screenshotDir().isEmpty()) {
            QApplication::processEvents();
            QVERIFY(qb::test::saveScreenshot(editor(), QStringLiteral("plan-editor-mnist.png")));
        }
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(doc()->plan()));
        QVERIFY(finished.wait(kTimeoutMs));
        const auto& layers = window_->project()->quantization->layers;
        QCOMPARE(layers.size(), size_t(2)); // Parameter87 stays f32
        QCOMPARE(QString::fromStdString(layers[0].name + " " + layers[0].weight.scheme->name + " " + layers[1].name +
                                        " " + layers[1].weight.scheme->name),
                 QStringLiteral("Parameter193 int4_channel_sym Parameter5 int8_channel_sym"));
    }

    // The plan is part of the project, quantized or not: an edit leaves it unsaved, Save writes
    // it, and reopening the project puts it back in the editor.
    void planIsSavedWithTheProjectAndReopened() {
        QTemporaryDir dir;
        const QString first = dir.filePath(QStringLiteral("stories.qbproj"));
        const auto model = qb::pipeline::openInput(kStories.toStdString()).model;
        qb::writeProject(first.toStdString(), qb::pipeline::newProject(*model, {}));
        openWindow(first);
        qb::Workspace* ws = window_->workspace();
        QVERIFY(ws->project());
        QVERIFY(!ws->isModified());
        QVERIFY(dropOn(QStringLiteral("blk.2.ffn_up.weight"), qb::quant::scheme("q8_0")));
        QVERIFY(ws->isModified());

        const QString second = dir.filePath(QStringLiteral("saved.qbproj"));
        QSignalSpy saved(window_.get(), &qb::MainWindow::projectSaved);
        QVERIFY(window_->saveProjectAs(second));
        QVERIFY(saved.wait(kTimeoutMs));
        QVERIFY(!ws->isModified());
        const qb::Project back = qb::readProject(second.toStdString());
        QVERIFY(back.plan.has_value());
        QVERIFY(!back.quantization.has_value());
        QVERIFY(qb::quant::parsePlan(*back.plan, "test") == doc()->plan());

        openWindow(second);
        const qb::quant::PlanEntry* e = doc()->plan().entry("blk.2.ffn_up.weight");
        QVERIFY(e);
        QCOMPARE(QString::fromStdString(e->settings.format.value_or("")), QStringLiteral("q8_0"));
        QVERIFY(!window_->workspace()->isModified());
        // Undo has nothing to take back: the plan came with the project.
        QVERIFY(!doc()->undoStack()->canUndo());
    }

    // After an edit, Quantize with This Plan quantizes only the layer whose entry changed and
    // keeps the other 36 of the first run as they were.
    void quantizeWithPlanKeepsUnchangedLayers() {
        openWindow(kStories);
        QVERIFY(dropOnDefault(qb::quant::scheme("int4_g32_sym")));
        QSignalSpy finished(window_.get(), &qb::MainWindow::quantizationFinished);
        QVERIFY(window_->quantize(doc()->plan()));
        QVERIFY(finished.wait(kTimeoutMs));
        const std::shared_ptr<const qb::Project> before = window_->workspace()->project();
        QCOMPARE(before->quantization->layers.size(), size_t(37));

        QVERIFY(dropOn(QStringLiteral("blk.3.attn_v.weight"), qb::quant::scheme("q8_0")));
        QVERIFY(window_->quantize(doc()->plan()));
        QVERIFY(finished.wait(kTimeoutMs));
        const std::shared_ptr<const qb::Project> after = window_->workspace()->project();
        QVERIFY(after != before);
        size_t same = 0;
        for (const auto& l : after->quantization->layers) {
            for (const auto& b : before->quantization->layers)
                if (b.name == l.name && b.weight.bytes == l.weight.bytes && b.weight.scheme == l.weight.scheme) ++same;
            if (l.name == "blk.3.attn_v.weight") QCOMPARE(QString::fromStdString(l.weight.scheme->name), QStringLiteral("q8_0"));
        }
        QCOMPARE(same, size_t(36));
        const QString log = window_->findChild<qb::LogView*>()->toPlainText();
        QVERIFY2(log.contains(QStringLiteral("1 of 37; the other 36 were kept")), qPrintable(log.right(400)));
    }

private:
    qb::PlanEditor* editor() const { return window_->planEditor(); }
    qb::PlanDocument* doc() const { return editor()->document(); }

    int rowOf(const QString& name) const {
        const QAbstractItemModel* m = editor()->table()->model();
        for (int r = 0; r < m->rowCount(); ++r)
            if (m->index(r, 0).data(qb::PlanTableModel::NameRole).toString() == name) return r;
        return -1;
    }
    QString rowName(int row) const {
        return editor()->table()->model()->index(row, 0).data(qb::PlanTableModel::NameRole).toString();
    }

    // Drags `s` over the row of `layer` and drops it, as Qt's drag and drop delivers it.
    bool dropOn(const QString& layer, const qb::quant::Scheme& s) {
        const int row = rowOf(layer);
        if (row < 0) return false;
        qb::PlanTableView* view = editor()->table();
        view->scrollTo(view->model()->index(row, 0));
        const QPoint pos = view->visualRect(view->model()->index(row, 1)).center();
        const std::unique_ptr<QMimeData> mime(qb::schemeMimeData(s));
        QDragEnterEvent enter(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &enter);
        QDragMoveEvent move(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &move);
        QDropEvent drop(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view->viewport(), &drop);
        // A drag the move refused must not be taken by the drop either.
        return move.isAccepted() && drop.isAccepted();
    }

    bool dropOnDefault(const qb::quant::Scheme& s) {
        QWidget* target = editor()->palette()->defaultTarget();
        const std::unique_ptr<QMimeData> mime(qb::schemeMimeData(s));
        const QPoint pos = target->rect().center();
        QDragEnterEvent enter(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &enter);
        QDropEvent drop(pos, Qt::CopyAction, mime.get(), Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(target, &drop);
        return enter.isAccepted() && drop.isAccepted();
    }

    void openWindow(const QString& path) {
        window_ = std::make_unique<qb::MainWindow>();
        window_->show();
        QVERIFY(QTest::qWaitForWindowExposed(window_.get()));
        QSignalSpy opened(window_.get(), &qb::MainWindow::modelOpened);
        window_->openPath(path);
        QVERIFY(opened.wait(kTimeoutMs));
        auto* dock = window_->findChild<QDockWidget*>(QStringLiteral("planDock"));
        QVERIFY(dock);
        dock->raise();
        QApplication::processEvents();
    }

    std::unique_ptr<qb::MainWindow> window_;
};

int runPlanEditorTests(int argc, char** argv) {
    PlanEditorTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "test_plan_editor.moc"
