// Replays every saved hostile input (tests/fuzz/regressions/, inputs fuzzing once crashed on or
// hand-made malformed files): opening must either succeed with valid views or throw qb::Error
// naming the file. A crash or any other exception fails the test.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <string>
#include <vector>

#include "core/formats/model_reader.h"
#include "core/tensor/dtype.h"
#include "core/util/error.h"
#include "test_support.h"

namespace {
namespace fs = std::filesystem;

volatile unsigned g_sink; // keeps the byte walk below from being optimized away

std::vector<std::string> regressionInputs() {
    std::vector<std::string> files;
    for (const auto& e : fs::recursive_directory_iterator(std::string(QB_TEST_DIR) + "/fuzz/regressions"))
        if (e.is_regular_file() && e.path().filename() != "README.md") files.push_back(e.path().string());
    std::sort(files.begin(), files.end());
    return files;
}

class FuzzRegression : public ::testing::TestWithParam<std::string> {};

TEST_P(FuzzRegression, OpensOrThrowsQbError) {
    const std::string& path = GetParam();
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

std::string testName(const ::testing::TestParamInfo<std::string>& info) {
    std::string name = fs::relative(info.param, std::string(QB_TEST_DIR) + "/fuzz/regressions").string();
    for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    return name;
}

INSTANTIATE_TEST_SUITE_P(Inputs, FuzzRegression, ::testing::ValuesIn(regressionInputs()), testName);

} // namespace
