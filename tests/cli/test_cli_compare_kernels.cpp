// quantbench-cli compare's kernel table (--json `kernels` and `kernel_summary`, --kernels text):
// mnist-12 W8A8 names an int8 oneDNN kernel (u8/s8 source, s8 weights) for each Conv and the
// MatMul and f32 for fp32, with times per sample, in the order the nodes ran.
#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

namespace {

using qb::test::runCli;
using qb::test::shellQuote;

std::string compareArgs(const std::string& plan) {
    return "compare " + shellQuote(qb::test::model("onnx/mnist-12.onnx")) + " --data " + shellQuote(qb::test::shared("data/mnist")) +
           " --plan " + shellQuote(plan) + " --limit 32 --layer-samples 0 --latency-samples 2 --samples 0";
}

TEST(CliCompareKernels, JsonNamesEachNodesKernelAndTime) {
    qb::test::TempDir tmp;
    const std::string plan = tmp.file("w8a8.json");
    qb::test::writeAll(plan, std::string(R"({"default": {"bits": 8, "act_bits": 8}})").data(), 40);
    const auto r = runCli(compareArgs(plan) + " --kernel-samples 4 --json");
    ASSERT_EQ(r.code, 0) << r.err;
    const auto j = nlohmann::json::parse(r.out);
    const auto& summary = j.at("kernel_summary");
    EXPECT_FALSE(summary.at("isa").get<std::string>().empty());
    EXPECT_GE(summary.at("threads").get<int>(), 1);
    EXPECT_EQ(summary.at("samples").get<int>(), 4);
    EXPECT_GT(summary.at("fp32_ms").get<double>(), 0.0);
    EXPECT_GT(summary.at("quantized_ms").get<double>(), 0.0);
    const auto& rows = j.at("kernels");
    EXPECT_EQ(rows, j.at("runs")[1].at("kernels")); // the first quantized run's, also at the top
    std::vector<std::string> layers;
    double fp32Sum = 0;
    for (const auto& row : rows) {
        for (const char* key : {"node", "op", "depthwise", "int8", "shape", "fp32", "quantized", "ratio", "slower"})
            EXPECT_TRUE(row.contains(key)) << key << " in " << row.dump();
        const auto& f = row.at("fp32");
        const auto& q = row.at("quantized");
        ASSERT_TRUE(f.is_object() && q.is_object()) << row.dump(); // the same graph runs in both
        EXPECT_GT(f.at("best_ms").get<double>(), 0.0) << row.dump();
        EXPECT_GE(f.at("ms").get<double>(), f.at("best_ms").get<double>()) << row.dump();
        EXPECT_NEAR(row.at("ratio").get<double>(), q.at("best_ms").get<double>() / f.at("best_ms").get<double>(), 1e-9);
        fp32Sum += f.at("ms").get<double>();
        const std::string op = row.at("op");
        if (op != "Conv" && op != "MatMul" && op != "Gemm") continue;
        layers.push_back(op);
        EXPECT_TRUE(row.at("int8").get<bool>()) << row.dump();
        EXPECT_EQ(f.at("precision"), "f32") << row.dump();
        EXPECT_NE(f.at("impl"), "host");
        EXPECT_NE(q.at("impl"), "host");
        const std::string p = q.at("precision");
        EXPECT_TRUE(p == "u8/s8→f32" || p == "s8/s8→f32" || p == "u8/s8→u8" || p == "u8/s8→s8" || p == "s8/s8→u8" || p == "s8")
            << row.dump();
    }
    EXPECT_EQ(layers, (std::vector<std::string>{"Conv", "Conv", "MatMul"}));
    EXPECT_LE(fp32Sum, summary.at("fp32_ms").get<double>()); // the nodes run within each sample's time

    // --kernels prints the table; --kernel-samples 0 leaves it out.
    const auto text = runCli(compareArgs(plan) + " --kernel-samples 2 --kernels");
    ASSERT_EQ(text.code, 0) << text.err;
    EXPECT_NE(text.out.find("kernels per node, batch 1 over 2 samples (ISA " + summary.at("isa").get<std::string>()), std::string::npos)
        << text.out;
    EXPECT_NE(text.out.find(rows[0].at("node").get<std::string>()), std::string::npos);
    const auto none = runCli(compareArgs(plan) + " --kernel-samples 0 --json");
    ASSERT_EQ(none.code, 0) << none.err;
    EXPECT_TRUE(nlohmann::json::parse(none.out).at("kernels").empty());
}

} // namespace
