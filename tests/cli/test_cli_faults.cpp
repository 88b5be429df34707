// Fault injection for every writer of the command line: each command that writes a file runs again
// with its file size limited (RLIMIT_FSIZE through prlimit), so that a write fails at one of several
// offsets of the finished file (0, 1, 4096, a quarter, half, three quarters, one byte short), as on
// a full disk. With SIGXFSZ ignored the write returns EFBIG: the command must exit 1 with an error
// naming the file, leave the destination exactly as it was (an older file of the same name), and
// leave no other file behind (quantize keeps its resume journal, by design). With SIGXFSZ left at
// its default the kernel kills the command mid-write, as a crash would: the destination must still
// be intact, and the next successful run must leave nothing but its output.
#include <sys/resource.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/cli_runner.h"

using qb::test::CliResult;
using qb::test::filesIn;
using qb::test::readAll;
using qb::test::shellQuote;

namespace {

namespace fs = std::filesystem;

const std::string kStories = qb::test::model("llama2c/stories260K.bin");
const std::string kMnist = qb::test::model("onnx/mnist-12.onnx");
const std::string kMnistData = qb::test::shared("data/mnist");
const std::string kText = qb::test::shared("data/tinystories/TinyStories-validation-excerpt.txt");

// Runs quantbench-cli with its files limited to `limit` bytes; SIGXFSZ ignored (the write fails
// with EFBIG) or at its default (the process is killed). An ignored signal stays ignored across exec.
CliResult runLimited(const std::string& args, uint64_t limit, bool ignoreSignal) {
    // stderr joins stdout on the pipe: a file would fall under the limit too.
    const std::string cmd = std::string(ignoreSignal ? "trap '' XFSZ; " : "") + "exec prlimit --fsize=" +
                            std::to_string(limit) + " -- " + shellQuote(QB_CLI) + " " + args + " 2>&1";
    CliResult r;
    FILE* p = ::popen(cmd.c_str(), "r");
    if (!p) return r;
    char buf[65536];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) r.err.append(buf, n);
    const int status = ::pclose(p);
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

// Everything under `p` (a file, or a folder's files by relative name) with its bytes.
std::vector<std::pair<std::string, std::vector<unsigned char>>> snapshot(const fs::path& p) {
    std::vector<std::pair<std::string, std::vector<unsigned char>>> out;
    if (fs::is_directory(p)) {
        for (const auto& e : fs::recursive_directory_iterator(p))
            if (e.is_regular_file()) out.emplace_back(fs::relative(e.path(), p).string(), readAll(e.path().string()));
        std::sort(out.begin(), out.end());
    } else if (fs::exists(p)) {
        out.emplace_back("", readAll(p.string()));
    }
    return out;
}

uint64_t sizeOf(const fs::path& p) {
    if (!fs::is_directory(p)) return fs::file_size(p);
    uint64_t largest = 0; // the limit applies per file: the folder's largest file
    for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) largest = std::max<uint64_t>(largest, e.file_size());
    return largest;
}

struct Writer {
    std::string name;
    std::string output;                                     ///< the file (or folder) it writes, in the work folder
    std::function<std::string(const std::string&)> command; ///< CLI arguments writing to the given path
    std::string keep;                                       ///< a file a failed run may leave by design, or ""
    std::string seed; ///< for a writer that rewrites its input in place: the input, copied to the destination first
};

// The inputs the writers read, made once: a stories260K W4 project, a calibrated mnist-12 W8A8
// project (ONNX QDQ export), a project with a plan but no sensitivity table.
struct Inputs {
    qb::test::TempDir dir;
    std::string stories, storiesGguf, mnist, calibrated;
    Inputs() {
        stories = dir.file("stories-w4.qbproj");
        storiesGguf = dir.file("stories-q4_0.qbproj");
        mnist = dir.file("mnist-w8a8.qbproj");
        calibrated = dir.file("stories-calibrated.qbproj");
        // int4 g32 with the 172-wide FFN rows and the embedding in fp16 (as GPTQ readers take them), and q4_0.
        const std::string plan = dir.file("int4.json"), q40 = dir.file("q4_0.json");
        const std::string int4 = R"({"default": {"bits": 4, "group": 32, "symmetric": true}, "layers": {"token_embd.weight": "fp16", "blk.*.ffn_*": "fp16"}})";
        const std::string ggml = R"({"default": "q4_0"})";
        qb::test::writeAll(plan, int4.data(), int4.size());
        qb::test::writeAll(q40, ggml.data(), ggml.size());
        auto r = qb::test::runCli("quantize " + shellQuote(kStories) + " --plan " + shellQuote(plan) + " --out " + shellQuote(stories));
        EXPECT_EQ(r.code, 0) << r.err;
        r = qb::test::runCli("quantize " + shellQuote(kStories) + " --plan " + shellQuote(q40) + " --out " + shellQuote(storiesGguf));
        EXPECT_EQ(r.code, 0) << r.err;
        r = qb::test::runCli("quantize " + shellQuote(kMnist) + " --bits 8 --act-bits 8 --data " + shellQuote(kMnistData) +
                             " --samples 32 --out " + shellQuote(mnist));
        EXPECT_EQ(r.code, 0) << r.err;
        r = qb::test::runCli("calibrate " + shellQuote(kStories) + " --data " + shellQuote(kText) +
                             " --samples 2 --context 64 --out " + shellQuote(calibrated));
        EXPECT_EQ(r.code, 0) << r.err;
    }
};

const Inputs& inputs() {
    static const Inputs in;
    return in;
}

std::vector<Writer> writers() {
    const Inputs& in = inputs();
    const auto q = [](const std::string& s) { return shellQuote(s); };
    return {
        {"quantize (project)", "out.qbproj",
         [&, q](const std::string& o) { return "quantize " + q(kStories) + " --bits 4 --group 32 --no-resume --out " + q(o); },
         "out.qbproj.partial"},
        {"calibrate (project)", "out.qbproj",
         [&, q](const std::string& o) {
             return "calibrate " + q(kMnist) + " --data " + q(kMnistData) + " --samples 16 --out " + q(o);
         },
         ""},
        {"export gguf", "out.gguf", [&, q](const std::string& o) { return "export " + q(in.storiesGguf) + " --format gguf --out " + q(o); }, ""},
        {"export hdf5", "out.h5", [&, q](const std::string& o) { return "export " + q(in.stories) + " --format hdf5 --out " + q(o); }, ""},
        {"export onnx-qdq", "out.onnx",
         [&, q](const std::string& o) { return "export " + q(in.mnist) + " --format onnx-qdq --out " + q(o); }, ""},
        {"export gptq-safetensors", "out-gptq",
         [&, q](const std::string& o) { return "export " + q(in.stories) + " --format gptq-safetensors --out " + q(o); }, ""},
        {"run (npy outputs)", "out.npy",
         [&, q](const std::string& o) { return "run " + q(kMnist) + " --data " + q(kMnistData) + " --limit 1000 --out " + q(o); }, ""},
        {"sensitivity (saved into its project)", "out.qbproj",
         [&, q](const std::string& o) {
             return "sensitivity " + q(o) + " --data " + q(kText) + " --context 64 --limit 1 --bits 4 --groups 32";
         },
         "", in.calibrated},
        {"compare --report (html)", "out.html",
         [&, q](const std::string& o) {
             return "compare " + q(in.mnist) + " --data " + q(kMnistData) + " --limit 32 --report " + q(o);
         },
         ""},
    };
}

// The destination as it was before: an older file (or folder) the failed run must not touch.
void plantOld(const fs::path& dest, bool folder, const std::string& seed) {
    if (!seed.empty()) {
        fs::copy_file(seed, dest, fs::copy_options::overwrite_existing);
        return;
    }
    const std::string old = "an older file the failed run must leave as it is\n";
    if (folder) {
        fs::create_directories(dest);
        qb::test::writeAll((dest / "model.safetensors").string(), old.data(), old.size());
    } else {
        qb::test::writeAll(dest.string(), old.data(), old.size());
    }
}

TEST(CliFaults, EveryWriterFailsCleanlyAtEveryOffset) {
    for (const Writer& w : writers()) {
        SCOPED_TRACE(w.name);
        // The whole output, unlimited: its size places the failure points.
        qb::test::TempDir ref;
        const fs::path full = ref.path() / w.output;
        if (!w.seed.empty()) fs::copy_file(w.seed, full);
        const auto ok = qb::test::runCli(w.command(full.string()));
        ASSERT_EQ(ok.code, 0) << ok.err;
        const uint64_t size = sizeOf(full);
        ASSERT_GT(size, 4096u) << "too small to place the failure points";
        const bool folder = fs::is_directory(full);

        // A report holds timings, so its size moves by a few bytes from run to run: its last point
        // stays clear of that (9/10); every other writer fails one byte short.
        const uint64_t last = w.name.starts_with("compare") ? size * 9 / 10 : size - 1;
        for (const uint64_t limit : {uint64_t(0), uint64_t(1), uint64_t(4096), size / 4, size / 2, size * 3 / 4, last}) {
            SCOPED_TRACE("file size limit " + std::to_string(limit) + " of " + std::to_string(size));
            qb::test::TempDir work;
            const fs::path dest = work.path() / w.output;
            plantOld(dest, folder, w.seed);
            const auto before = snapshot(dest);
            const auto listing = filesIn(work.path().string());

            const CliResult r = runLimited(w.command(dest.string()), limit, /*ignoreSignal=*/true);
            EXPECT_EQ(r.code, 1) << r.err;
            // One clear line naming the file and the reason (EFBIG's text: "File too large").
            EXPECT_NE(r.err.find("File too large"), std::string::npos) << r.err;
            EXPECT_NE(r.err.find(work.path().string()), std::string::npos) << "the error names no file: " << r.err;
            EXPECT_EQ(snapshot(dest), before) << "the destination changed";
            auto after = filesIn(work.path().string());
            if (!w.keep.empty()) std::erase(after, w.keep);
            EXPECT_EQ(after, listing) << "files left behind: " << testing::PrintToString(after);
        }

        // Killed by the signal mid-write, as by a crash: the destination is intact, and the next
        // full run leaves only its output (a killed writer's temporary is cleared then).
        qb::test::TempDir work;
        const fs::path dest = work.path() / w.output;
        plantOld(dest, folder, w.seed);
        const auto before = snapshot(dest);
        const CliResult killed = runLimited(w.command(dest.string()), size / 2, /*ignoreSignal=*/false);
        EXPECT_EQ(killed.code, 128 + SIGXFSZ) << killed.err;
        EXPECT_EQ(snapshot(dest), before) << "the destination changed";
        const auto again = qb::test::runCli(w.command(dest.string()));
        ASSERT_EQ(again.code, 0) << again.err;
        EXPECT_NE(snapshot(dest), before) << "the rerun wrote nothing"; // sizes vary: reports hold timings
        auto after = filesIn(work.path().string());
        EXPECT_EQ(after, std::vector<std::string>{w.output}) << "files left behind after a kill and a rerun";
    }
}

} // namespace
