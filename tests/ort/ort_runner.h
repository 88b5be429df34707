// Runs ONNX Runtime (tests/ort/ort_run.js under node) on inputs written as raw f32 files, and
// reads its outputs and timings back. Shared by the parity test and bench/bench_vs_ort.
#pragma once
#include <nlohmann/json.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "core/engine/host_tensor.h"

namespace qb::ortref {

struct NamedTensor {
    std::string name;
    engine::Tensor tensor;
};

struct OrtRequest {
    std::string model;
    int threads = 1;
    int warmup = 0, iterations = 0; ///< iterations > 0: time each case
    bool keepOutputs = true;        ///< read every output back
    std::vector<std::vector<NamedTensor>> cases;
};

struct OrtCase {
    std::vector<NamedTensor> outputs; ///< shapes always; data when keepOutputs
    std::vector<double> seconds;      ///< per timed run
};

inline void writeF32(const std::filesystem::path& file, const std::vector<float>& v) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
    if (!out) throw std::runtime_error("cannot write " + file.string());
}

inline std::vector<float> readF32(const std::filesystem::path& file, int64_t count) {
    std::vector<float> v(static_cast<size_t>(count));
    std::ifstream in(file, std::ios::binary);
    in.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
    if (!in || in.peek() != std::char_traits<char>::eof())
        throw std::runtime_error(file.string() + ": does not hold " + std::to_string(count) + " floats");
    return v;
}

/// Throws std::runtime_error when node, onnxruntime-node or the session fails (its stderr is
/// left on ours, so a test log shows ORT's own message).
inline std::vector<OrtCase> runOrt(const std::string& node, const std::string& script, const OrtRequest& r,
                                   const std::filesystem::path& workDir) {
    nlohmann::json req{{"model", r.model}, {"threads", r.threads}, {"warmup", r.warmup}, {"iterations", r.iterations}};
    if (r.keepOutputs) req["outputDir"] = workDir.string();
    req["cases"] = nlohmann::json::array();
    for (size_t k = 0; k < r.cases.size(); ++k) {
        nlohmann::json inputs = nlohmann::json::array();
        for (size_t j = 0; j < r.cases[k].size(); ++j) {
            const auto& in = r.cases[k][j];
            const auto file = workDir / ("case" + std::to_string(k) + "_in" + std::to_string(j) + ".f32");
            writeF32(file, {in.tensor.f.begin(), in.tensor.f.end()});
            inputs.push_back({{"name", in.name}, {"shape", in.tensor.shape}, {"file", file.string()}});
        }
        req["cases"].push_back({{"inputs", inputs}});
    }
    const auto reqFile = workDir / "request.json";
    std::ofstream(reqFile) << req.dump();

    const std::string cmd = "'" + node + "' '" + script + "' '" + reqFile.string() + "'";
    FILE* pipe = ::popen(cmd.c_str(), "r");
    if (!pipe) throw std::runtime_error("cannot start: " + cmd);
    std::string text;
    std::array<char, 4096> buf{};
    while (const size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) text.append(buf.data(), n);
    const int status = ::pclose(pipe);
    if (status != 0)
        throw std::runtime_error(cmd + " failed (status " + std::to_string(status) +
                                 "); ONNX Runtime is installed by test.sh, or by `npm ci --ignore-scripts` at the "
                                 "repository top");
    const auto res = nlohmann::json::parse(text);
    std::vector<OrtCase> out;
    for (const auto& c : res.at("cases")) {
        OrtCase oc;
        for (const auto& o : c.at("outputs")) {
            NamedTensor t{o.at("name").get<std::string>(), {}};
            t.tensor.shape = o.at("shape").get<engine::Shape>();
            if (r.keepOutputs) {
                const auto v = readF32(o.at("file").get<std::string>(), engine::elementCount(t.tensor.shape));
                t.tensor.f.assign(v.begin(), v.end());
            }
            oc.outputs.push_back(std::move(t));
        }
        oc.seconds = c.at("seconds").get<std::vector<double>>();
        out.push_back(std::move(oc));
    }
    return out;
}

} // namespace qb::ortref
