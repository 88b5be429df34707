// compare's kernel table: which oneDNN implementation ran each layer of a real batch-1 run, in
// which precision and how long, in fp32 and quantized side by side, so that "why is INT8 not
// faster" reads off the table (engine::Executor::setProfiling measures it).
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/domain/project.h"
#include "core/engine/graph_executor.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// One node (after fusion) of the fp32 and the quantized run. A side where the node did not run
/// has an empty impl and 0 ms.
struct KernelRow {
    std::string node, op;
    bool depthwise = false;        ///< a Conv with one input channel per group
    bool int8 = false;             ///< the quantized run computes it on the W8A8 kernel
    std::string shape;             ///< its output shape, e.g. "1x16x12x48"
    std::string fp32Impl, fp32Precision;
    /// Per sample: mean, the primitive alone (mean, without reorders), and the fastest sample.
    double fp32Ms = 0, fp32PrimitiveMs = 0, fp32BestMs = 0;
    std::string impl, precision;   ///< quantized run: oneDNN implementation ("host": the engine's code), "u8/s8→f32"
    double ms = 0, primitiveMs = 0, bestMs = 0;
    std::vector<std::string> reorders; ///< quantized run: the reorders the node runs besides (quantizing its input...)

    /// Quantized time over fp32 time, of the fastest samples (a preempted sample on a busy machine
    /// can take 100x its time and would decide a mean); 0 when either side is missing.
    double ratio() const { return fp32BestMs > 0 && bestMs > 0 ? bestMs / fp32BestMs : 0.0; }
    /// More than 10 % slower quantized (timing noise on a busy machine is a few per cent).
    bool slower() const { return ratio() > 1.1; }
};

struct KernelTable {
    std::string isa;      ///< the ISA oneDNN runs with (engine::int8Isa)
    int threads = 0;      ///< worker threads
    int64_t samples = 0;  ///< samples each run was timed on, one at a time
    double fp32Ms = 0, quantizedMs = 0; ///< wall time per sample of the timed runs (inputs prepared included)
    std::vector<KernelRow> rows;        ///< in the quantized run's execution order, fp32-only nodes last
    bool empty() const { return rows.empty(); }
    /// The nodes' fastest samples summed: fp32 and quantized without a busy machine's preemptions.
    double fp32NodesMs() const {
        double s = 0;
        for (const KernelRow& r : rows) s += r.fp32BestMs;
        return s;
    }
    double nodesMs() const {
        double s = 0;
        for (const KernelRow& r : rows) s += r.bestMs;
        return s;
    }
};

/// "f32", or "src/weights→dst" where the types differ ("u8/s8→f32"); "" for host ops.
std::string kernelPrecision(const engine::NodeProfile& p);

/// Profiles `model` (with `quantization` applied, or fp32 when null) on the first `samples` images
/// of `data`, one at a time, after one untimed sample. Throws qb::Error for a language model or
/// data the model cannot take.
struct ProfiledRun {
    std::vector<engine::NodeProfile> nodes;
    double seconds = 0; ///< wall time of the timed samples
    int64_t samples = 0;
};
ProfiledRun profileRun(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                       const DataSpec& data, int64_t samples, const JobContext& job);

/// The side-by-side table of two profiled runs of the same graph (nodes matched by name and op).
KernelTable kernelTable(const ProfiledRun& fp32, const ProfiledRun& quantized);

/// One sentence on why a row is as fast or slow as it is, from its figures: the implementations,
/// precisions, times and the share outside the primitive, e.g. "conv2d_3 (depthwise Conv,
/// 1x16x12x48) runs jit_uni_int8:avx2 in u8/s8→f32: 0.052 ms, 1.70x fp32's jit_dw:avx2 (0.031 ms);
/// 0.018 ms of it outside the primitive (quantizing the input, reorders)".
std::string explainKernel(const KernelRow& row);

/// The rows slower quantized than in fp32, by the time they lose (bestMs - fp32BestMs), largest first.
std::vector<const KernelRow*> slowestRows(const KernelTable& table, size_t count);

/// The table as an HTML section for compare's report (a heading, the ISA, the slowest rows
/// explained, one row per node; rows slower quantized get class 'bad'); "" for an empty table.
std::string kernelTableHtml(const KernelTable& table);

} // namespace qb::pipeline
