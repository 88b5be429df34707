// Peak memory and speed of `quantize` and `export` on llama-shaped checkpoints bigger than the
// benchmark can hold, run as the user runs them: quantbench-cli in a child process, its peak RSS
// and CPU seconds from wait4's rusage. Two checkpoints are generated (llama_shards.h):
//   dense   7B widths (hidden 4096, ffn 11008, 32 heads) with --dense-layers layers (default 2),
//           heavy-tailed F16 values, sharded: RTN W4 g128, GGML q4_k, and GPTQ W4 g128 over
//           --windows windows of 512 tokens with --memory-budget (by default one block plus
//           half of the activations, so that they spill);
//   sparse  70B widths (hidden 8192, ffn 28672, 64/8 heads) with --sparse-layers layers (default
//           80: 138 GB of holes, no disk), RTN W4 g128 and q4_k: quantize, and with --export-sparse
//           export too (the project and the export take ~36 GB of disk each at 80 layers).
//   bench_scale [--dir DIR] [--dense-layers N] [--sparse-layers N] [--windows W] [--budget SIZE]
//               [--text FILE] [--skip-dense] [--skip-sparse] [--export-sparse] [--sparse-time-limit S]
//               [--threads N] [--cli PATH] [--baseline-cli PATH] [--skip-gptq]
// --baseline-cli runs every case with that build of quantbench-cli too, just before this one (the
// default, or --cli), so that a change is measured against its baseline in the same run.
// --sparse-time-limit stops each sparse quantize after S seconds (a 70B pass takes long on a
// shared machine) and prints its peak RSS so far (VmHWM), CPU time and the layers its journal
// holds. Every generated file and output is deleted at the end.
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/formats/model_reader.h"
#include "bench_support.h"
#include "core/quant/llm_block_inputs.h"
#include "llama_shards.h"

namespace {

namespace fs = std::filesystem;

struct Run {
    int status = -1;
    double wall = 0, cpu = 0;
    long peakKb = 0;
    bool stopped = false; ///< killed at the time limit
    std::string out;      ///< stdout (the --json document)
};

// Peak RSS (VmHWM, kB) and CPU seconds of a live process, from /proc.
void liveFigures(pid_t pid, long& peakKb, double& cpu) {
    if (std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/status").c_str(), "r")) {
        char line[256];
        while (std::fgets(line, sizeof line, f))
            if (std::sscanf(line, "VmHWM: %ld kB", &peakKb) == 1) break;
        std::fclose(f);
    }
    if (std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r")) {
        char text[4096] = {};
        const size_t n = std::fread(text, 1, sizeof text - 1, f);
        std::fclose(f);
        text[n] = 0;
        // Fields after the command's closing parenthesis: state is field 3, utime 14, stime 15.
        if (const char* p = std::strrchr(text, ')')) {
            unsigned long long ut = 0, st = 0;
            if (std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2)
                cpu = double(ut + st) / double(::sysconf(_SC_CLK_TCK));
        }
    }
}

// quantbench-cli (the build at `binary`) ARGS in a child; stdout captured, stderr passed through.
// With timeLimit > 0 the child is stopped (SIGKILL) after that many seconds, its figures read from
// /proc just before.
Run cli(const std::string& binary, const std::vector<std::string>& args, double timeLimit = 0) {
    int fds[2];
    if (::pipe(fds) != 0) throw qb::Error("pipe", "failed");
    std::fflush(nullptr);
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(fds[1], 1);
        ::close(fds[0]);
        ::close(fds[1]);
        std::vector<char*> argv{const_cast<char*>(binary.c_str())};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        ::execv(binary.c_str(), argv.data());
        ::_exit(127);
    }
    ::close(fds[1]);
    Run r;
    rusage ru{};
    const auto since = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
    if (timeLimit > 0) {
        ::fcntl(fds[0], F_SETFL, O_NONBLOCK);
        char buf[4096];
        for (;;) {
            for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, size_t(n));
            if (::wait4(pid, &r.status, WNOHANG, &ru) == pid) break;
            if (since() > timeLimit) {
                liveFigures(pid, r.peakKb, r.cpu);
                r.wall = since();
                ::kill(pid, SIGKILL);
                ::wait4(pid, &r.status, 0, &ru);
                r.stopped = true;
                ::close(fds[0]);
                return r;
            }
            ::usleep(200000);
        }
    } else {
        char buf[4096];
        for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) r.out.append(buf, size_t(n));
        ::wait4(pid, &r.status, 0, &ru);
    }
    ::close(fds[0]);
    r.wall = since();
    r.cpu = double(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) + 1e-6 * double(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
    r.peakKb = ru.ru_maxrss;
    return r;
}

double gb(double bytes) { return bytes / 1e9; }

void row(const std::string& what, const Run& r, double inputBytes, const std::string& output) {
    const double outBytes = double(qb::bench::outputBytes(output));
    const bool ok = WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0;
    std::printf("  %-28s %s peak RSS %6.3f GB  wall %7.1f s  CPU %7.1f s  %6.3f GB/s wall, %6.3f GB per CPU-s (of %.2f GB "
                "in)  out %.3f GB\n",
                what.c_str(), ok ? "  " : r.stopped ? "..": "!!", double(r.peakKb) * 1024 / 1e9, r.wall, r.cpu,
                gb(inputBytes) / r.wall, gb(inputBytes) / r.cpu, gb(inputBytes), gb(outBytes));
    std::fflush(stdout);
}

struct Case {
    const char* name;
    std::vector<std::string> quantize; ///< options after MODEL
    const char* format;                ///< export format
};

// Finished layers in a quantize journal (OUT.partial/layer-*).
size_t journalLayers(const std::string& project) {
    size_t n = 0;
    std::error_code ec;
    for (fs::directory_iterator it(project + ".partial", ec), end; !ec && it != end; it.increment(ec))
        n += it->path().filename().string().starts_with("layer-");
    return n;
}

// A build of quantbench-cli and what its rows are called ("" for the one measured alone).
struct Build {
    std::string binary, label;
};

void measure(const std::vector<Build>& builds, const std::string& model, double modelBytes, const std::string& dir,
             const std::vector<Case>& cases, bool exportToo, const std::string& threads, double timeLimit = 0,
             size_t layers = 0) {
    for (const Case& c : cases)
        for (const Build& b : builds) {
            const std::string name = std::string(c.name) + (b.label.empty() ? "" : " [" + b.label + "]");
            const std::string project = dir + "/" + c.name + ".qbproj", exported = dir + "/" + c.name + ".export";
            std::vector<std::string> args{"quantize", model};
            args.insert(args.end(), c.quantize.begin(), c.quantize.end());
            args.insert(args.end(), {"--out", project, "--json", "--no-resume"});
            if (!threads.empty()) args.insert(args.end(), {"--threads", threads});
            const Run q = cli(b.binary, args, timeLimit);
            if (q.stopped) {
                // Stopped at the time limit: what it did so far, from its journal and /proc.
                const size_t done = journalLayers(project);
                std::printf("  %-28s .. stopped after %.0f s: %zu of %zu layers done, peak RSS so far %.3f GB, CPU %.1f s "
                            "(%.2f CPU-s per layer)\n",
                            (name + " quantize").c_str(), q.wall, done, layers, double(q.peakKb) * 1024 / 1e9, q.cpu,
                            done ? q.cpu / double(done) : 0.0);
                qb::bench::removeOutput(project + ".partial");
                continue;
            }
            row(name + " quantize", q, modelBytes, project);
            try {
                const auto j = nlohmann::json::parse(q.out);
                if (j.contains("block_memory"))
                    std::printf("  %-28s    needed %.3f GB (block weights %.3f, statistics %.3f), activations %.3f GB, "
                                "budget %.3f GB, spilled %s\n",
                                "", gb(j["block_memory"]["needed_bytes"]), gb(j["block_memory"]["block_weight_bytes"]),
                                gb(j["block_memory"]["statistics_bytes"]), gb(j["block_memory"]["activation_bytes"]),
                                gb(j["block_memory"]["budget_bytes"]), j["block_memory"]["spilled"] ? "yes" : "no");
            } catch (const std::exception&) {
            }
            if (exportToo && fs::exists(project)) {
                std::vector<std::string> e{"export", project, "--format", c.format, "--out", exported, "--json"};
                if (!threads.empty()) e.insert(e.end(), {"--threads", threads});
                const Run x = cli(b.binary, e);
                row(name + " export " + c.format, x, double(qb::bench::outputBytes(project)), exported);
            }
            qb::bench::removeOutput(project);
            qb::bench::removeOutput(exported); // a file (GGUF) or a model folder (GPTQ safetensors)
        }
}

} // namespace

int main(int argc, char** argv) {
    std::string where = "/tmp", budget, text = std::string(QB_SHARED_DIR) + "/data/tinystories/TinyStories-validation-excerpt.txt",
                threads, binary = QB_CLI, baseline;
    int64_t denseLayers = 2, sparseLayers = 80, windows = 8;
    bool dense = true, sparse = true, exportSparse = false, gptq = true;
    double timeLimit = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool value = i + 1 < argc;
        if (a == "--dir" && value) where = argv[++i];
        else if (a == "--dense-layers" && value) denseLayers = std::stoll(argv[++i]);
        else if (a == "--sparse-layers" && value) sparseLayers = std::stoll(argv[++i]);
        else if (a == "--windows" && value) windows = std::stoll(argv[++i]);
        else if (a == "--budget" && value) budget = argv[++i];
        else if (a == "--text" && value) text = argv[++i];
        else if (a == "--threads" && value) threads = argv[++i];
        else if (a == "--skip-dense") dense = false;
        else if (a == "--skip-sparse") sparse = false;
        else if (a == "--skip-gptq") gptq = false;
        else if (a == "--export-sparse") exportSparse = true;
        else if (a == "--sparse-time-limit" && value) timeLimit = std::stod(argv[++i]);
        else if (a == "--cli" && value) binary = argv[++i];
        else if (a == "--baseline-cli" && value) baseline = argv[++i];
        else {
            std::fprintf(stderr, "usage: %s [--dir DIR] [--dense-layers N] [--sparse-layers N] [--windows W] [--budget SIZE] "
                                 "[--text FILE] [--skip-dense] [--skip-sparse] [--export-sparse] [--sparse-time-limit S] [--threads N] "
                                 "[--cli PATH] [--baseline-cli PATH] [--skip-gptq]\n", argv[0]);
            return 2;
        }
    }
    std::vector<Build> builds{{binary, ""}};
    if (!baseline.empty()) builds = {{baseline, "baseline"}, {binary, "this build"}};
    int rc = 0;
    try {
        const qb::bench::ScratchDir scratch(where, "qb-scale");
        const std::string dir = scratch.path().string();
        // GPTQ readers keep the embedding and the head in float: so do the int4 plans.
        const auto writePlan = [&](const std::string& name, const char* json) {
            std::FILE* f = std::fopen((dir + "/" + name).c_str(), "w");
            if (!f || std::fputs(json, f) < 0 || std::fclose(f) != 0) throw qb::Error(dir + "/" + name, "cannot write");
            return dir + "/" + name;
        };
        const char* head = R"("layers": {"model.embed_tokens.weight": "fp16", "lm_head.weight": "fp16"})";
        const std::string rtnPlan = writePlan("rtn.plan.json", (std::string(R"({"default": {"bits": 4, "group": 128}, )") + head + "}").c_str());
        const std::string gptqPlan = writePlan(
            "gptq.plan.json", (std::string(R"({"default": {"bits": 4, "group": 128, "method": "gptq"}, )") + head + "}").c_str());
        const std::vector<Case> simple{{"rtn-w4g128", {"--plan", rtnPlan}, "gptq-safetensors"},
                                       {"ggml-q4_k", {"--plan", writePlan("q4_k.plan.json", R"({"default": "q4_k"})")}, "gguf"}};
        if (dense) {
            qb::bench::LlamaShape shape = qb::bench::LlamaShape::llama2_7b();
            shape.layers = denseLayers;
            const std::string model = dir + "/dense-7b";
            fs::create_directories(model);
            const auto t0 = std::chrono::steady_clock::now();
            const uint64_t bytes = qb::bench::writeLlamaShards(model, shape, {.dense = true, .shardBytes = 1ull << 30});
            std::printf("dense 7B-shaped: hidden 4096, ffn 11008, 32 heads, %lld layers, vocab 32000: %.2f GB F16 in %zu "
                        "files, written in %.1f s\n",
                        static_cast<long long>(denseLayers), gb(double(bytes)),
                        size_t(std::distance(fs::directory_iterator(model), fs::directory_iterator{})),
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
            std::vector<Case> cases = simple;
            if (gptq) {
                const auto samples = std::to_string(windows);
                // Default budget: one block's needs plus half the activations, so that they spill.
                std::string b = budget;
                if (b.empty()) {
                    const qb::quant::BlockMemory m = qb::quant::blockMemory(qb::openModel(model), windows, 512);
                    b = std::to_string(m.fixed() + m.activations / 2);
                }
                cases.push_back({"gptq-w4g128",
                                 {"--plan", gptqPlan, "--data", text, "--samples", samples, "--memory-budget", b},
                                 "gptq-safetensors"});
                std::printf("GPTQ over %lld windows of 512 tokens, --memory-budget %s\n", static_cast<long long>(windows),
                            b.c_str());
            }
            measure(builds, model, double(bytes), dir, cases, true, threads);
            fs::remove_all(model);
        }
        if (sparse) {
            qb::bench::LlamaShape shape = qb::bench::LlamaShape::llama2_70b();
            shape.layers = sparseLayers;
            const std::string model = dir + "/sparse-70b";
            fs::create_directories(model);
            const uint64_t bytes = qb::bench::writeLlamaShards(model, shape, {.dense = false});
            std::printf("sparse 70B-shaped: hidden 8192, ffn 28672, 64/8 heads, %lld layers, vocab 32000: %.2f GB F16 "
                        "(holes), RAM %.1f GB\n",
                        static_cast<long long>(sparseLayers), gb(double(bytes)),
                        double(::sysconf(_SC_PHYS_PAGES)) * double(::sysconf(_SC_PAGESIZE)) / 1e9);
            measure(builds, model, double(bytes), dir, simple, exportSparse, threads, timeLimit, size_t(7 * sparseLayers + 2));
            fs::remove_all(model);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        rc = 1;
    }
    return rc;
}
