// Replays every saved hostile input (tests/fuzz/regressions/, inputs fuzzing once crashed on or
// hand-made malformed files): opening must either succeed with valid views or throw qb::Error
// naming the file. A crash or any other exception fails the test.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {
namespace fs = std::filesystem;

volatile unsigned g_sink; // keeps the byte walk below from being optimized away

const fs::path kRegressions = fs::path(QB_TEST_DIR) / "fuzz" / "regressions";

/// One saved input, by its path below kRegressions (short, so test names stay readable).
struct Input {
    std::string relative;
    friend void PrintTo(const Input& in, std::ostream* os) { *os << in.relative; }
};

std::vector<Input> regressionInputs() {
    std::vector<Input> inputs;
    for (const auto& e : fs::recursive_directory_iterator(kRegressions))
        if (e.is_regular_file() && e.path().filename() != "README.md")
            inputs.push_back({fs::relative(e.path(), kRegressions).string()});
    std::sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) { return a.relative < b.relative; });
    return inputs;
}

class FuzzRegression : public ::testing::TestWithParam<Input> {};

TEST_P(FuzzRegression, OpensOrThrowsQbError) {
    const std::string path = (kRegressions / GetParam().relative).string();
    try {
        const qb::Model model = qb::openModel(path);
        // Accepted: every tensor must be a readable view of exactly the bytes its shape needs.
        for (const auto& t : model.tensors) {
            const auto need = qb::storageBytes(t.dtype, uint64_t(t.params()));
            ASSERT_TRUE(need.has_value()) << t.name;
            EXPECT_EQ(*need, t.bytes()) << t.name;
            // Touch every byte: a view past the end of the mapping faults here, not in a later step.
            unsigned sum = 0;
            for (std::byte b : t.data) sum += unsigned(b);
            g_sink = sum;
        }
    } catch (const qb::Error& e) {
        EXPECT_EQ(e.where(), path) << e.what();
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
