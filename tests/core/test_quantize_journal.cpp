// The resume journal's entries: a layer survives the round trip exactly, and an entry that is cut
// short, has a flipped byte, or belongs to another layer, scheme or shape is refused with the reason.
// pipeline::quantize with a journal (the GUI's way): cancelled midway, asked again, it resumes;
// a journal that cannot be written is reported and the run goes on.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>

#include "core/domain/scheme.h"
#include "core/formats/model_reader.h"
#include "core/pipeline/open_input.h"
#include "core/pipeline/quantize.h"
#include "core/pipeline/quantize_journal.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "test_support.h"

namespace qb {
namespace {

struct Stories {
    Model model = openModel(test::model("gguf/stories260K.gguf"));
    std::vector<quant::LayerPlan> plan =
        quant::resolvePlan(quant::parsePlan(R"({"default": {"bits": 4, "group": 32}})", "p"), model, "p");
};

TEST(QuantizeJournal, EntryRoundTripsEveryField) {
    const Stories s;
    std::vector<quant::QuantizedLayer> layers = quant::quantizeModel(s.model, std::span(s.plan).subspan(3, 1), {});
    ASSERT_EQ(layers.size(), 1u);
    quant::QuantizedLayer l = layers[0];
    l.method = "awq";
    l.inputScale.assign(size_t(l.weight.cols), 0.5f);
    l.inputScale[2] = 3.0f;
    l.activation = quant::ActivationQuant{.bits = 8, .scale = 0.125f, .zero = 5, .isUnsigned = true};
    const std::string bytes = pipeline::encodeJournalEntry(l, "run-a");
    std::string why;
    const auto back = pipeline::decodeJournalEntry(bytes, s.plan[3], "run-a", why);
    ASSERT_TRUE(back) << why;
    EXPECT_EQ(back->name, l.name);
    EXPECT_EQ(back->method, "awq");
    EXPECT_EQ(back->weight.scheme, l.weight.scheme);
    EXPECT_EQ(back->weight.rows, l.weight.rows);
    EXPECT_EQ(back->weight.cols, l.weight.cols);
    EXPECT_EQ(back->weight.bytes, l.weight.bytes);
    EXPECT_EQ(back->inputScale, l.inputScale);
    ASSERT_TRUE(back->activation);
    EXPECT_EQ(back->activation->bits, 8);
    EXPECT_EQ(back->activation->scale, 0.125f);
    EXPECT_EQ(back->activation->zero, 5);
    EXPECT_TRUE(back->activation->isUnsigned);

    // Damaged or foreign entries are refused, each with its reason.
    EXPECT_FALSE(pipeline::decodeJournalEntry(std::string_view(bytes).substr(0, bytes.size() - 1), s.plan[3], "run-a", why));
    EXPECT_NE(why.find("its header says"), std::string::npos) << why;
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x01;
    EXPECT_FALSE(pipeline::decodeJournalEntry(flipped, s.plan[3], "run-a", why));
    EXPECT_EQ(why, "checksum mismatch");
    EXPECT_FALSE(pipeline::decodeJournalEntry("QBJLAYR0xxxxxxxxxxxxxxxx", s.plan[3], "run-a", why));
    EXPECT_EQ(why, "not a journal entry");
    EXPECT_FALSE(pipeline::decodeJournalEntry(bytes, s.plan[4], "run-a", why));
    EXPECT_EQ(why, "holds layer '" + l.name + "'");
    EXPECT_FALSE(pipeline::decodeJournalEntry(bytes, s.plan[3], "run-b", why));
    EXPECT_EQ(why, "made for other inputs");
    quant::LayerPlan other = s.plan[3];
    other.scheme = quant::findScheme("int3_g32_sym");
    ASSERT_NE(other.scheme, nullptr);
    EXPECT_FALSE(pipeline::decodeJournalEntry(bytes, other, "run-a", why));
    EXPECT_NE(why.find("is not the plan's"), std::string::npos) << why;
}

// Cancels pipeline::quantize when layer `at` starts, then runs it again: the journal's layers
// are taken, and every layer equals an uninterrupted run's byte for byte.
void cancelAndResume(const std::string& method, size_t at) {
    test::TempDir dir;
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    quant::PlanSettings settings;
    settings.bits = 4;
    settings.group = 32;
    settings.method = method;
    pipeline::QuantizeRequest r{quant::uniformPlan(settings), "test", {}, {}};
    r.data.path = test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
    r.data.context = 64;
    r.calibration.samples = 4;
    const pipeline::QuantizeResult straight = pipeline::quantize(in.model, std::nullopt, r, {});

    r.journal = dir.file("journal");
    std::atomic<bool> cancel{false};
    JobContext job;
    job.cancel = &cancel;
    const std::string stop = "layer " + std::to_string(at) + "/";
    job.progress = [&](double, std::string_view stage) {
        if (stage.starts_with(stop)) cancel = true;
    };
    EXPECT_THROW(pipeline::quantize(in.model, std::nullopt, r, job), Cancelled);
    ASSERT_TRUE(std::filesystem::exists(r.journal + "/manifest"));

    std::vector<std::string> stages;
    job = {};
    job.progress = [&](double, std::string_view stage) { stages.emplace_back(stage); };
    const pipeline::QuantizeResult resumed = pipeline::quantize(in.model, std::nullopt, r, job);
    EXPECT_GE(resumed.resumedLayers, at - 7); // GPTQ: whole blocks of 7 layers
    EXPECT_LT(resumed.resumedLayers, 36u);
    EXPECT_EQ(std::count(stages.begin(), stages.end(),
                         "resuming: " + std::to_string(resumed.resumedLayers) + " of 36 layers already done"),
              1);
    EXPECT_FALSE(std::filesystem::exists(r.journal)); // gone once done
    const auto& a = straight.project.quantization->layers;
    const auto& b = resumed.project.quantization->layers;
    ASSERT_EQ(a.size(), b.size());
    for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].name, b[k].name);
        EXPECT_EQ(a[k].weight.scheme, b[k].weight.scheme);
        EXPECT_TRUE(a[k].weight.bytes == b[k].weight.bytes) << a[k].name;
    }
}

// A journal that cannot be written (here: removed under the run) costs the resume, not the run.
// An entry goes to its file straight from the layer's bytes: recording a 64 MiB layer must not
// build it in memory first (it took about three times the layer: a body grown by appending, then
// a copy with the header), which for a 70B model's fp16 embedding was 1.5 GB.
TEST(QuantizeJournal, RecordsABigLayerWithoutCopyingIt) {
    const int64_t rows = 2048, cols = 16384; // fp16: 64 MiB
    quant::LayerPlan lp;
    lp.name = "model.embed_tokens.weight";
    lp.scheme = lp.planned = &quant::scheme("f16");
    lp.method = "float";
    lp.rows = rows;
    lp.cols = cols;
    quant::QuantizedLayer l;
    l.name = lp.name;
    l.method = lp.method;
    l.weight = {lp.scheme, rows, cols, std::vector<uint8_t>(size_t(rows * cols * 2))};
    for (size_t i = 0; i < l.weight.bytes.size(); ++i) l.weight.bytes[i] = uint8_t(i * 7 + i / 4096);
    test::TempDir dir;
    pipeline::QuantizeJournal journal((dir.path() / "out.qbproj.partial").string(), "run-a", std::span(&lp, 1), false);
    if (!test::resetPeakRss()) GTEST_SKIP() << "/proc/self/clear_refs cannot reset the peak resident set here";
    const long long before = test::statusBytes("VmRSS:");
    journal.record(l);
    const long long grown = test::statusBytes("VmHWM:") - before;
    // Measured: 0 MiB of growth streamed, 192 MiB (three copies) built whole. 16 MiB is room for
    // the allocator without hiding even one copy.
    EXPECT_LT(grown, 16ll << 20) << "the peak grew by " << grown / (1 << 20) << " MiB";

    // Resuming reads it back mapped, dropping the pages it has read: checking it at open copies
    // nothing, and take() makes the one copy the layer is (measured: 17 and 81 MiB, one 16 MiB
    // part resident at a time; read through a stringstream it was 128 MiB at open and at take).
    const size_t layer = l.weight.bytes.size();
    ASSERT_TRUE(test::resetPeakRss());
    const long long beforeOpen = test::statusBytes("VmRSS:");
    pipeline::QuantizeJournal again((dir.path() / "out.qbproj.partial").string(), "run-a", std::span(&lp, 1), true);
    const long long opened = test::statusBytes("VmHWM:") - beforeOpen;
    ASSERT_EQ(again.available(), 1u);
    EXPECT_LT(opened, 32ll << 20) << "opening grew the peak by " << opened / (1 << 20) << " MiB";
    ASSERT_TRUE(test::resetPeakRss());
    const long long beforeTake = test::statusBytes("VmRSS:");
    const auto back = again.take(lp);
    const long long taken = test::statusBytes("VmHWM:") - beforeTake;
    ASSERT_TRUE(back);
    EXPECT_LT(taken, (long long)layer + (32ll << 20)) << "take grew the peak by " << taken / (1 << 20) << " MiB";
    EXPECT_EQ(back->weight.bytes, l.weight.bytes);
}

TEST(QuantizeJournal, UnwritableJournalDoesNotStopTheRun) {
    test::TempDir dir;
    const pipeline::OpenedInput in = pipeline::openInput(test::model("llama2c/stories260K.bin"));
    quant::PlanSettings settings;
    settings.bits = 4;
    settings.group = 32;
    pipeline::QuantizeRequest r{quant::uniformPlan(settings), "test", {}, {}};
    const pipeline::QuantizeResult straight = pipeline::quantize(in.model, std::nullopt, r, {});
    r.journal = dir.file("journal");
    std::vector<std::string> complaints;
    JobContext job;
    job.progress = [&](double, std::string_view stage) {
        if (stage.starts_with("layer 10/")) std::filesystem::remove_all(r.journal);
        if (stage.starts_with("journal: ")) complaints.emplace_back(stage);
    };
    const pipeline::QuantizeResult done = pipeline::quantize(in.model, std::nullopt, r, job);
    ASSERT_EQ(complaints.size(), 1u);
    EXPECT_NE(complaints[0].find("this run cannot be resumed"), std::string::npos) << complaints[0];
    ASSERT_EQ(done.project.quantization->layers.size(), straight.project.quantization->layers.size());
    for (size_t k = 0; k < done.project.quantization->layers.size(); ++k)
        EXPECT_TRUE(done.project.quantization->layers[k].weight.bytes == straight.project.quantization->layers[k].weight.bytes);
}

TEST(QuantizeJournal, CancelledRtnQuantizeResumes) { cancelAndResume("rtn", 20); }
TEST(QuantizeJournal, CancelledGptqQuantizeResumes) { cancelAndResume("gptq", 20); }

} // namespace
} // namespace qb
