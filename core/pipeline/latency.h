// The latency use case: per quantizable layer, the median time of the runtime's own kernel for it
// in each precision the runtime can execute it in, at the layer's real shape, measured once per
// model and machine and kept in the project (domain/latency.h). Graphs (ONNX, Keras) run batch 1
// through the engine itself, timed node by node: fp32, then with every int8-capable layer on the
// W8A8 kernels. Language models time each weight's f32 matmul (the runtime's Matmul) at a window's
// tokens; their runtime expands every quantized weight to f32, so they have no int8 time.
#pragma once
#include <cstdint>
#include <memory>

#include "core/domain/latency.h"
#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/util/job.h"

namespace qb::pipeline {

struct LatencyRequest {
    int64_t tokens = 0;           ///< language models: tokens per window (0: defaultContext)
    int64_t warmup = 5;           ///< untimed forward passes first (primitives created, caches warm)
    int64_t minRepetitions = 20;  ///< timed passes per precision: at least this many...
    double minSeconds = 0.5;      ///< ...and until this much time has passed
    int64_t maxRepetitions = 1000;
};

/// The key a table measured now for `model` would have: this CPU, oneDNN's ISA, threadCount(),
/// batch 1 or the request's window.
LatencyKey currentLatencyKey(const Model& model, const LatencyRequest& request = {});

/// True when `table` was measured for every quantizable layer of `model` on this machine with the
/// same key: what callers check before trusting a project's table.
bool latencyIsCurrent(const ProjectLatency& table, const Model& model, const LatencyRequest& request = {});

/// Measures the table. `project` gives the int8 layers their calibrated activation ranges (the
/// u8 or s8 grid the W8A8 path would use); without a calibration each range is [0, 1]: the
/// kernels' time does not depend on the values, only on the grid's signedness. Reports
/// "latency: f32 pass k/n", "latency: int8 pass k/n" or "latency: layer k/n" and checks cancel
/// between passes. Throws qb::Error (a graph input with a free dimension besides the batch, a
/// model the runtimes cannot run), qb::Cancelled.
ProjectLatency measureLatency(const std::shared_ptr<const Model>& model, const Project& project,
                              const LatencyRequest& request = {}, const JobContext& job = {});

} // namespace qb::pipeline
