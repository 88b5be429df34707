#include "cli/cli_runner.h"

using qb::test::runCli;

TEST(Cli, VersionPrintsTheProjectVersion) {
    const auto r = runCli("--version");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find(QB_VERSION), std::string::npos) << r.out;
}

TEST(Cli, HelpListsInspect) {
    const auto r = runCli("--help");
    EXPECT_EQ(r.code, 0);
    EXPECT_NE(r.out.find("inspect"), std::string::npos) << r.out;
}

TEST(Cli, BadUsageExitsTwo) {
    EXPECT_EQ(runCli("").code, 2);
    EXPECT_EQ(runCli("inspect").code, 2);
    EXPECT_EQ(runCli("frobnicate x").code, 2);
}

TEST(Cli, MissingFileIsAnErrorNamingIt) {
    const auto r = runCli("inspect /nonexistent/model.onnx");
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.err.rfind("error: /nonexistent/model.onnx: ", 0), 0u) << r.err;
}
