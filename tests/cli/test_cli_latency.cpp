// End-to-end: `quantbench-cli latency` (measured once, then cached while the machine, ISA and
// thread count stay; --force) and `plan --latency-ms` on mnist-12, with the usage errors.
#include <cmath>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;

namespace {

const std::string kMnist = qb::test::model("onnx/mnist-12.onnx");
const std::string kData = qb::test::shared("data/mnist");

nlohmann::json runJson(const std::string& args) {
    const auto r = runCli(args + " --json");
    EXPECT_EQ(r.code, 0) << args << "\n" << r.err;
    return r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object();
}

TEST(CliLatency, MeasuresOnceCachesAndPlanHonoursATarget) {
    qb::test::TempDir dir;
    const std::string project = dir.file("p.qbproj"), q = shellQuote(project);
    runJson("calibrate " + shellQuote(kMnist) + " --data " + shellQuote(kData) + " --samples 32 --out " + q);
    runJson("sensitivity " + q + " --data " + shellQuote(kData) + " --limit 100 --bits 8,4,3");
    const std::string plan = " --budget-bpw 8.5 --out " + shellQuote(dir.file("plan.json"));

    // Without a table the plan predicts no latency, and a target is refused.
    const auto before = runJson("plan " + q + plan);
    EXPECT_TRUE(before.contains("predicted_latency_ms") && before["predicted_latency_ms"].is_null());
    const auto noTable = runCli("plan " + q + plan + " --latency-ms 1");
    EXPECT_EQ(noTable.code, 1);
    EXPECT_NE(noTable.err.find("holds no latency table"), std::string::npos) << noTable.err;

    const auto t = runJson("latency " + q + " --threads 2");
    EXPECT_FALSE(t.value("cached", true));
    ASSERT_EQ(t["layers"].size(), 3u);
    double layers = 0;
    for (const auto& l : t["layers"]) {
        EXPECT_GT(l.value("f32_ms", 0.0), 0.0) << l.dump();
        EXPECT_GT(l.value("int8_ms", 0.0), 0.0) << l.dump();
        layers += l.value("f32_ms", 0.0);
    }
    EXPECT_NEAR(t.value("rest_ms", 0.0) + layers, t.value("f32_total_ms", -1.0), 1e-9);
    EXPECT_EQ(t.value("threads", 0), 2);
    // Again: the project's table is current, so nothing is measured.
    const auto again = runJson("latency " + q + " --threads 2");
    EXPECT_TRUE(again.value("cached", false));
    EXPECT_EQ(again["layers"], t["layers"]);
    EXPECT_FALSE(runJson("latency " + q + " --threads 2 --force").value("cached", true));
    const auto now = runJson("latency " + q + " --threads 2"); // the table --force wrote

    // A loose target: the plan is the plan without one, its latency predicted from the table.
    const auto loose = runJson("plan " + q + plan + " --threads 2 --latency-ms 1000");
    EXPECT_EQ(loose["layers"], before["layers"]);
    EXPECT_DOUBLE_EQ(loose.value("fp32_latency_ms", 0.0), now.value("predicted_fp32_ms", -1.0));
    EXPECT_LE(loose.value("predicted_latency_ms", 2000.0), 1000.0);
    EXPECT_EQ(loose.value("latency_target_ms", 0.0), 1000.0);
    // No plan is faster than the rest of the model alone: a clear error naming the fastest.
    const auto tight = runCli("plan " + q + plan + " --threads 2 --latency-ms 0.000001");
    EXPECT_EQ(tight.code, 1);
    EXPECT_NE(tight.err.find("below the fastest plan within the budget"), std::string::npos) << tight.err;
    // Another thread count makes the table stale: a target is refused, and the plan predicts nothing.
    const auto stale = runCli("plan " + q + plan + " --threads 1 --latency-ms 1000");
    EXPECT_EQ(stale.code, 1);
    EXPECT_NE(stale.err.find("measured on another machine, ISA or thread count"), std::string::npos) << stale.err;
    EXPECT_TRUE(runJson("plan " + q + plan + " --threads 1")["predicted_latency_ms"].is_null());
}

TEST(CliLatency, UsageErrors) {
    // A model needs --out; a graph with a free image size has no size to time.
    EXPECT_EQ(runCli("latency " + shellQuote(kMnist)).code, 2);
    qb::test::TempDir dir;
    const auto free = runCli("latency " + shellQuote(qb::test::model("onnx/ch_ppocr_mobile_v2.0_cls_infer.onnx")) +
                             " --out " + shellQuote(dir.file("c.qbproj")));
    EXPECT_EQ(free.code, 1);
    EXPECT_NE(free.err.find("free dimension"), std::string::npos) << free.err;
    EXPECT_FALSE(std::filesystem::exists(dir.file("c.qbproj")));
    EXPECT_EQ(runCli("latency " + shellQuote(kMnist) + " --out x.qbproj --repetitions 0").code, 2);
}

} // namespace
