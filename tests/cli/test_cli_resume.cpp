// Resuming an interrupted `quantize`: a run killed with SIGKILL midway (once its journal
// OUT.partial holds some layers) is started again with the same command, takes those layers from
// the journal and writes a project byte-identical to an uninterrupted run's, for RTN and for GPTQ
// (block by block). A journal made for other inputs is discarded, --no-resume discards any, and
// a truncated or corrupted entry is quantized again. Ctrl-C keeps the journal too.
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "cli/cli_runner.h"

using qb::test::runCli;
using qb::test::shellQuote;
namespace fs = std::filesystem;

namespace {

const std::string kStories = qb::test::model("llama2c/stories260K.bin");
const std::string kText = qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt");
const std::string kRtn = "--bits 4 --group 32";
const std::string kGptq = "--bits 4 --group 32 --method gptq --data " + shellQuote(kText) + " --samples 8";

std::string quantizeArgs(const std::string& settings, const std::string& out) {
    return "quantize " + shellQuote(kStories) + " " + settings + " --out " + shellQuote(out);
}

size_t journalEntries(const std::string& out) {
    size_t n = 0;
    std::error_code ec;
    for (fs::directory_iterator it(out + ".partial", ec), end; !ec && it != end; it.increment(ec))
        n += it->path().filename().string().starts_with("layer-") && it->path().extension().empty();
    return n;
}

// Starts the quantize (slowed by `delayMs` per layer, stderr to `err`), waits until its journal
// holds `entries` layers, sends `sig` and returns the wait status (-1 if it never started).
int signalMidway(const std::string& settings, const std::string& out, int delayMs, size_t entries, int sig,
                 const std::string& err = "/dev/null") {
    const std::string cmd = "exec env QB_TEST_LAYER_DELAY_MS=" + std::to_string(delayMs) + " " + shellQuote(QB_CLI) + " " +
                            quantizeArgs(settings, out) + " 2>" + shellQuote(err);
    const char* argv[] = {"/bin/sh", "-c", cmd.c_str(), nullptr};
    pid_t pid = 0;
    if (posix_spawn(&pid, "/bin/sh", nullptr, nullptr, const_cast<char**>(argv), environ) != 0) return -1;
    for (int k = 0; k < 6000 && journalEntries(out) < entries; ++k) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    kill(pid, sig);
    int status = 0;
    return waitpid(pid, &status, 0) == pid ? status : -1;
}

// True if the run was still going when SIGKILL came.
bool killMidway(const std::string& settings, const std::string& out, int delayMs, size_t entries) {
    const int status = signalMidway(settings, out, delayMs, entries, SIGKILL);
    return status != -1 && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

struct Outcome {
    nlohmann::json json;
    std::string err;
};

Outcome quantize(const std::string& settings, const std::string& out, const std::string& extra = "") {
    const auto r = runCli(quantizeArgs(settings, out) + extra + " --json");
    EXPECT_EQ(r.code, 0) << r.err;
    return {r.code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::object(), r.err};
}

// Kills a run of `settings` midway, resumes it, and checks the result against an uninterrupted run.
void killAndResume(const std::string& settings, int delayMs, size_t killAt) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj");
    const Outcome straight = quantize(settings, ref);
    EXPECT_EQ(straight.json.value("resumed_layers", -1), 0);
    ASSERT_TRUE(killMidway(settings, out, delayMs, killAt)) << "the run ended before it could be killed";
    EXPECT_FALSE(fs::exists(out));
    const size_t left = journalEntries(out);
    ASSERT_GE(left, killAt);
    ASSERT_LT(left, 36u);

    const Outcome resumed = quantize(settings, out);
    EXPECT_EQ(resumed.json.value("resumed_layers", size_t(0)), left);
    EXPECT_EQ(resumed.json.value("quantized_layers", size_t(0)), 36u);
    EXPECT_NE(resumed.err.find("resuming: " + std::to_string(left) + " of 36 layers already done"), std::string::npos)
        << resumed.err;
    const auto a = qb::test::readAll(ref), b = qb::test::readAll(out);
    EXPECT_GT(a.size(), 100000u);
    EXPECT_TRUE(a == b) << "resumed project differs from the uninterrupted one";
    // The journal and the killed run's temporary project are gone.
    EXPECT_EQ(qb::test::filesIn(dir.file("")), (std::vector<std::string>{"out.qbproj", "ref.qbproj"}));
}

TEST(CliResume, KilledRtnRunResumesToTheSameBytes) { killAndResume(kRtn, 40, 6); }

// GPTQ goes block by block (7 layers each): killed in block 2 or later, the finished blocks are
// only propagated and the block under way is collected again.
TEST(CliResume, KilledGptqRunResumesToTheSameBytes) { killAndResume(kGptq, 30, 9); }

// One layer of a finished GPTQ block missing from the journal: that block is collected again and
// only the missing layer quantized; the project still comes out in the same order, byte for byte.
TEST(CliResume, GptqBlockWithAMissingEntryIsRedoneInPlace) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj");
    quantize(kGptq, ref);
    ASSERT_TRUE(killMidway(kGptq, out, 30, 9));
    const size_t left = journalEntries(out);
    ASSERT_TRUE(fs::remove(out + ".partial/layer-000003")); // blk.0.attn_v.weight
    const Outcome resumed = quantize(kGptq, out);
    EXPECT_EQ(resumed.json.value("resumed_layers", size_t(0)), left - 1);
    EXPECT_NE(resumed.err.find("block 1/5: collecting its inputs"), std::string::npos) << resumed.err;
    EXPECT_TRUE(qb::test::readAll(ref) == qb::test::readAll(out));
}

// Ctrl-C (the CLI's cancel) keeps the journal, says how to continue, and the same command does.
TEST(CliResume, SigintKeepsTheJournalAndSaysSo) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj"), err = dir.file("stderr");
    quantize(kRtn, ref);
    const int status = signalMidway(kRtn, out, 40, 5, SIGINT, err);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << status;
    const auto text = qb::test::readAll(err);
    EXPECT_NE(std::string(text.begin(), text.end()).find("the same command continues from the " + out + ".partial journal"),
              std::string::npos);
    const Outcome resumed = quantize(kRtn, out);
    EXPECT_GE(resumed.json.value("resumed_layers", size_t(0)), 5u);
    EXPECT_TRUE(qb::test::readAll(ref) == qb::test::readAll(out));
}

TEST(CliResume, JournalOfOtherInputsIsDiscarded) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj");
    ASSERT_TRUE(killMidway(kRtn, out, 40, 4));
    // Another plan (3 bits): the int4 journal must not be used.
    const Outcome other = quantize("--bits 3 --group 32", out);
    EXPECT_EQ(other.json.value("resumed_layers", -1), 0);
    EXPECT_NE(other.err.find("discarded (made for other inputs)"), std::string::npos) << other.err;
    quantize("--bits 3 --group 32", ref);
    EXPECT_TRUE(qb::test::readAll(ref) == qb::test::readAll(out));
    EXPECT_FALSE(fs::exists(out + ".partial"));

    // The same inputs, but --no-resume: started over.
    fs::remove(out);
    ASSERT_TRUE(killMidway(kRtn, out, 40, 4));
    const Outcome fresh = quantize(kRtn, out, " --no-resume");
    EXPECT_EQ(fresh.json.value("resumed_layers", -1), 0);
    EXPECT_NE(fresh.err.find("discarded (--no-resume)"), std::string::npos) << fresh.err;
}

TEST(CliResume, DamagedEntriesAreQuantizedAgain) {
    qb::test::TempDir dir;
    const std::string ref = dir.file("ref.qbproj"), out = dir.file("out.qbproj");
    quantize(kRtn, ref);
    ASSERT_TRUE(killMidway(kRtn, out, 40, 6));
    const size_t left = journalEntries(out);
    // One entry cut in half, one with a weight byte flipped (its size still right).
    const std::string cut = out + ".partial/layer-000001", flipped = out + ".partial/layer-000003";
    auto bytes = qb::test::readAll(cut);
    bytes.resize(bytes.size() / 2);
    qb::test::writeAll(cut, bytes);
    bytes = qb::test::readAll(flipped);
    ASSERT_GT(bytes.size(), 200u);
    bytes[bytes.size() - 100] ^= 0x10;
    qb::test::writeAll(flipped, bytes);

    const Outcome resumed = quantize(kRtn, out);
    EXPECT_EQ(resumed.json.value("resumed_layers", size_t(0)), left - 2);
    EXPECT_NE(resumed.err.find("layer-000001 (blk.0.attn_q.weight) ignored: holds"), std::string::npos) << resumed.err;
    EXPECT_NE(resumed.err.find("layer-000003"), std::string::npos) << resumed.err;
    EXPECT_NE(resumed.err.find("checksum mismatch"), std::string::npos) << resumed.err;
    EXPECT_TRUE(qb::test::readAll(ref) == qb::test::readAll(out));
}

} // namespace
