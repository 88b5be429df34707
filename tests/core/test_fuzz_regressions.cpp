// Replays every saved hostile input (tests/fuzz/regressions/<reader>/: inputs fuzzing once failed
// on, and hand-made malformed files) through the calls its fuzz target makes. Its folder's
// expected-errors.tsv must list it ("<file>\t<part of the message>"): the input must be refused
// with a qb::Error about that file whose message holds that text ("(opens)": it must be read,
// with valid tensor views).
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "fuzz/fuzz_readers.h"
#include "test_support.h"

namespace {
namespace fs = std::filesystem;

volatile unsigned g_sink; // keeps the byte walk below from being optimized away

const fs::path kRegressions = fs::path(QB_TEST_DIR) / "fuzz" / "regressions";
constexpr const char* kTable = "expected-errors.tsv";
constexpr const char* kOpens = "(opens)";

/// One saved input, by its path below kRegressions (short, so test names stay readable).
struct Input {
    std::string relative;
    friend void PrintTo(const Input& in, std::ostream* os) { *os << in.relative; }
};

std::vector<Input> regressionInputs() {
    std::vector<Input> inputs;
    for (const auto& e : fs::recursive_directory_iterator(kRegressions))
        if (e.is_regular_file() && e.path().filename() != "README.md" && e.path().filename() != kTable)
            inputs.push_back({fs::relative(e.path(), kRegressions).string()});
    std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.relative < b.relative; });
    return inputs;
}

/// The expected message parts of one folder's files, by file name.
/// file -> the parts of the error it may get: one, or more (tab-separated) where the build
/// decides which clean error comes first (a sanitizer build's HDF5 probe stops at libhdf5's
/// overflow itself, a Release one reads on to libhdf5's own complaint).
std::map<std::string, std::vector<std::string>> expectedErrors(const fs::path& folder) {
    std::map<std::string, std::vector<std::string>> table;
    std::ifstream in(folder / kTable);
    for (std::string line; std::getline(in, line);) {
        const auto tab = line.find('\t');
        if (line.empty() || line[0] == '#' || tab == std::string::npos) continue;
        std::vector<std::string>& parts = table[line.substr(0, tab)];
        for (size_t from = tab + 1;;) {
            const auto next = line.find('\t', from);
            parts.push_back(line.substr(from, next == std::string::npos ? std::string::npos : next - from));
            if (next == std::string::npos) break;
            from = next + 1;
        }
    }
    return table;
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
