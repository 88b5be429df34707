// One function per quantbench-cli subcommand; each returns the process exit code
// (0 ok, 1 the work failed, 2 bad usage, 130 cancelled by Ctrl-C) and prints errors as
// "error: <where>: <what>".
#pragma once
#include <cstdint>
#include <string>

#include "core/pipeline/data_spec.h"

namespace qb::cli {

struct InspectOptions {
    std::string path;
    bool json = false;
};
int runInspect(const InspectOptions& o);

/// --data and how its samples are prepared, shared by eval, calibrate and quantize.
struct DataOptions {
    std::string path;
    int64_t context = 0; ///< text data: window length in tokens incl. BOS (0 = min(512, model max))
    float scale = 1.f;
    std::string mean = "0", std = "1";
    std::string layout;  ///< "nchw", "nhwc", or empty: from the model's input shape
    /// Throws qb::Error("--mean" / "--std", ...) for a malformed number list.
    pipeline::DataSpec spec() const;
};

struct EvalOptions {
    std::string model;   ///< a model, or a project (its quantization is applied)
    DataOptions data;
    int64_t limit = 0;
    int threads = 0;
    bool json = false;
};
int runEval(const EvalOptions& o);

struct CalibrateOptions {
    std::string model, out;
    DataOptions data;
    int64_t samples = 64;
    uint64_t seed = 0;
    int threads = 0;
    bool json = false;
};
/// Exit 130 when cancelled by SIGINT (nothing written).
int runCalibrate(const CalibrateOptions& o);

struct QuantizeOptions {
    std::string input; ///< a model, or a project (its calibration is reused)
    std::string plan, out;
    DataOptions data;
    int bits = 0;
    int64_t group = 0;  ///< 0: one scale per output channel
    bool asym = false;
    std::string method = "rtn";
    int actBits = 0;    ///< 0: weights only
    bool actOrder = false;
    double damp = -1, alpha = -1; ///< negative: the plan default
    int64_t samples = 64;
    uint64_t seed = 0;
    int threads = 0;
    bool json = false;
    bool noResume = false; ///< discard the journal of an interrupted run instead of continuing it
    uint64_t memoryBudget = 0; ///< GPTQ/AWQ/SmoothQuant on a language model: bytes; 0 no limit
};
/// Exit 130 when cancelled by SIGINT (nothing written but the resume journal OUT.partial).
int runQuantize(const QuantizeOptions& o);

struct ExportOptions {
    std::string project, format, out;
    int threads = 0;
    bool json = false;
};
/// Exit 1 listing every problem of the pre-export check (nothing written); 130 when cancelled.
int runExport(const ExportOptions& o);

} // namespace qb::cli
