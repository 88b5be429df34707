// The CLI makes OpenMP's idle threads sleep (app/common/wait_policy.cpp) unless the user chose a
// policy: libgomp reports the spin count it settled on with OMP_DISPLAY_ENV=verbose.
#include <cstdio>
#include <regex>

#include "cli/cli_runner.h"

namespace {

// libgomp's "GOMP_SPINCOUNT = 'N'" of `quantbench-cli --version` started with `env` (a prefix
// for env(1)), or -1 when it printed none.
long long spinCount(const std::string& env) {
    const std::string cmd = "env -u OMP_WAIT_POLICY -u GOMP_SPINCOUNT OMP_DISPLAY_ENV=verbose " + env + " " +
                            qb::test::shellQuote(QB_CLI) + " --version 2>&1";
    std::string out;
    if (FILE* p = ::popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        ::pclose(p);
    }
    std::smatch m;
    if (!std::regex_search(out, m, std::regex("GOMP_SPINCOUNT = '([0-9]+)'"))) return -1;
    return std::stoll(m[1]);
}

} // namespace

TEST(CliWaitPolicy, IdleOpenMpThreadsSleepByDefault) { EXPECT_EQ(spinCount(""), 0); }

TEST(CliWaitPolicy, TheUsersChoiceWins) {
    EXPECT_GT(spinCount("OMP_WAIT_POLICY=active"), 0);
    EXPECT_EQ(spinCount("GOMP_SPINCOUNT=1234"), 1234);
}
