// Top-1/top-5 evaluation of an image classifier (ONNX or Keras graph) on an image dataset, in batches.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/graph_executor.h"
#include "core/eval/idx_dataset.h"
#include "core/eval/metrics.h"
#include "core/util/job.h"

namespace qb {

enum class Layout { Auto, NCHW, NHWC };

/// x = (pixel * scale - mean[c]) / std[c]; a single mean/std value applies to every channel.
/// Layout: the order the model takes a [C,H,W]-or-[H,W,C] sample in; Auto picks NHWC when the
/// model's sample shape ends in 1 or 3 channels and does not start with them, else NCHW.
struct Preprocess {
    float scale = 1.f;
    std::vector<float> mean{0.f};
    std::vector<float> std{1.f};
    Layout layout = Layout::Auto;
};

/// The image size and channels the model's first input takes per sample (0 where dynamic or
/// not an image), to decode and resize image folders to.
ImageGeometry inputGeometry(const engine::Executor& model, Layout layout);

struct EvalResult {
    TopKCounter counts;
    double seconds = 0; ///< inference and preprocessing, not dataset loading
};

/// Evaluates `limit` samples (0 = all). The batch is `batch` when the model's first input has a
/// symbolic batch dimension, else the fixed size the model declares. Throws qb::Error when the
/// model's input cannot take the dataset's images, or a label exceeds the model's classes.
EvalResult evaluateClassifier(engine::Executor& model, const ImageDataset& data, const Preprocess& pre,
                              int64_t limit = 0, int64_t batch = 64, const JobContext& job = {});

} // namespace qb
