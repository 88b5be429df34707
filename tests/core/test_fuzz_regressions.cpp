// Replays every saved hostile input (tests/fuzz/regressions/<reader>/: inputs fuzzing once failed
// on, and hand-made malformed files) through the calls its fuzz target makes. Its folder's
// expected-errors.tsv must list it ("<file>\t<part of the message>"): the input must be refused
// with a qb::Error about that file whose message holds that text ("(opens)": it must be read,
// with valid tensor views). Inputs of the export round trips (export_*) are replayed by their
// targets' replay programs instead (tests/fuzz/replay_main.cpp).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "fuzz/expected_errors.h"
#include "fuzz/fuzz_readers.h"
#include "test_support.h"

namespace {
namespace fs = std::filesystem;

volatile unsigned g_sink; // keeps the byte walk below from being optimized away

const fs::path kRegressions = fs::path(QB_TEST_DIR) / "fuzz" / "regressions";
using qb::fuzz::expectedErrors;
constexpr const char* kTable = qb::fuzz::kExpectedErrors;
constexpr const char* kOpens = "(opens)";

/// One saved input, by its path below kRegressions (short, so test names stay readable).
struct Input {
    std::string relative;
    friend void PrintTo(const Input& in, std::ostream* os) { *os << in.relative; }
};

std::vector<Input> regressionInputs() {
    std::vector<Input> inputs;
    for (const auto& e : fs::recursive_directory_iterator(kRegressions)) {
        const std::string relative = fs::relative(e.path(), kRegressions).string();
        // The export round trips' inputs are replayed by their own targets (replay_main.cpp).
        if (e.is_regular_file() && e.path().filename() != "README.md" && e.path().filename() != kTable &&
            !relative.starts_with("export_"))
            inputs.push_back({relative});
    }
    std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.relative < b.relative; });
    return inputs;
}

/// Opens a model and touches every byte of every tensor view.
void openModelFully(const std::string& path) {
    const qb::Model model = qb::openModel(path);
    for (const auto& t : model.tensors) {
        const auto need = qb::storageBytes(t.dtype, uint64_t(t.params()));
        ASSERT_TRUE(need.has_value()) << t.name;
        EXPECT_EQ(*need, t.bytes()) << t.name;
        // A view past the end of the mapping faults here, not in a later step.
        unsigned sum = 0;
        for (std::byte b : t.data) sum += unsigned(b);
        g_sink = sum;
    }
}

/// The calls of each non-model reader's fuzz target; `scratch` is a file name it may write.
using Open = std::function<void(const std::string& path, const std::string& scratch)>;
const std::map<std::string, Open>& nonModelReaders() {
    using namespace qb::fuzz;
    static const std::map<std::string, Open> readers{
        {"plan", [](const std::string& p, const std::string&) { openPlan(p); }},
        {"hf_tokenizer", [](const std::string& p, const std::string&) { openHfTokenizer(p); }},
        {"hf_config", [](const std::string& p, const std::string&) { openHfConfig(p); }},
        {"llama2c_tokenizer", [](const std::string& p, const std::string& s) { openLlama2cTokenizer(p, s); }},
        {"npy", [](const std::string& p, const std::string&) {
             if (p.ends_with(".npz")) openNpz(p);
             else openNpy(p);
         }},
        {"idx", [](const std::string& p, const std::string&) { openIdx(p); }},
        {"image", [](const std::string& p, const std::string&) { openImage(p); }},
        {"project", [](const std::string& p, const std::string&) { openProject(p); }},
    };
    return readers;
}

class FuzzRegression : public ::testing::TestWithParam<Input> {};

TEST_P(FuzzRegression, GetsItsListedError) {
    const fs::path file = kRegressions / GetParam().relative;
    const std::string path = file.string();
    const std::string reader = fs::path(GetParam().relative).has_parent_path()
                                   ? fs::path(GetParam().relative).begin()->string()
                                   : std::string();
    const auto table = expectedErrors(file.parent_path());
    const auto expected = table.find(file.filename().string());
    const auto special = nonModelReaders().find(reader);
    ASSERT_NE(expected, table.end()) << path << " is not listed in " << (file.parent_path() / kTable).string();

    const qb::test::TempDir scratchDir;
    const std::string scratch = scratchDir.file("input");
    try {
        if (special != nonModelReaders().end()) special->second(path, scratch);
        else openModelFully(path);
        EXPECT_EQ(expected->second.front(), kOpens) << path << " opened; expected the error '" << expected->second.front() << "'";
    } catch (const qb::Error& e) {
        // The error names the input (or the scratch copy a reader was given, or a member of it).
        const bool namesFile = e.where().starts_with(path) || e.where().starts_with(scratch);
        EXPECT_TRUE(namesFile) << e.what();
        const std::string what = e.what();
        const bool holds = std::any_of(expected->second.begin(), expected->second.end(),
                                       [&](const std::string& part) { return what.find(part) != std::string::npos; });
        EXPECT_TRUE(holds) << "error: " << what << "\nexpected it to hold: " << expected->second.front()
                           << (expected->second.size() > 1 ? " (or another part listed)" : "");
    }
}

std::string testName(const ::testing::TestParamInfo<Input>& info) {
    std::string name = info.param.relative;
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regressionInputs()), testName);

} // namespace
