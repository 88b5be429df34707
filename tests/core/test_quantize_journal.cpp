// The resume journal's entries: a layer survives the round trip exactly, and an entry that is cut
// short, has a flipped byte, or belongs to another layer, scheme or shape is refused with the reason.
#include <gtest/gtest.h>

#include "core/domain/scheme.h"
#include "core/formats/model_reader.h"
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
    const std::string bytes = pipeline::encodeJournalEntry(l);
    std::string why;
    const auto back = pipeline::decodeJournalEntry(bytes, s.plan[3], why);
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
    EXPECT_FALSE(pipeline::decodeJournalEntry(std::string_view(bytes).substr(0, bytes.size() - 1), s.plan[3], why));
    EXPECT_NE(why.find("its header says"), std::string::npos) << why;
    std::string flipped = bytes;
    flipped[bytes.size() / 2] ^= 0x01;
    EXPECT_FALSE(pipeline::decodeJournalEntry(flipped, s.plan[3], why));
    EXPECT_EQ(why, "checksum mismatch");
    EXPECT_FALSE(pipeline::decodeJournalEntry("QBJLAYR0xxxxxxxxxxxxxxxx", s.plan[3], why));
    EXPECT_EQ(why, "not a journal entry");
    EXPECT_FALSE(pipeline::decodeJournalEntry(bytes, s.plan[4], why));
    EXPECT_EQ(why, "holds layer '" + l.name + "'");
    quant::LayerPlan other = s.plan[3];
    other.scheme = quant::findScheme("int3_g32_sym");
    ASSERT_NE(other.scheme, nullptr);
    EXPECT_FALSE(pipeline::decodeJournalEntry(bytes, other, why));
    EXPECT_NE(why.find("is not the plan's"), std::string::npos) << why;
}

} // namespace
} // namespace qb
