// Top-1/top-5 evaluation of an image classifier (ONNX or Keras graph) on an image dataset, in batches.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/graph_executor.h"
#include "core/datasets/idx_dataset.h"
#include "core/datasets/preprocess.h"
#include "core/eval/metrics.h"
#include "core/util/job.h"

namespace qb {

struct EvalResult {
    TopKCounter counts;
    double seconds = 0; ///< inference and preprocessing, not dataset loading
};

/// Evaluates `limit` samples (0 = all). The batch is `batch` when the model's first input has a
/// symbolic batch dimension, else the fixed size the model declares. Throws qb::Error when the
/// model's input cannot take the dataset's images, or a label exceeds the model's classes.
EvalResult evaluateClassifier(engine::Executor& model, const ImageDataset& data, const Preprocess& pre,
                              int64_t limit = 0, int64_t batch = 64, const JobContext& job = {});

/// The raw output rows of `limit` samples (0 = all), [samples, classes] row-major, in dataset
/// order, batched as evaluateClassifier does; the data needs no labels. Throws qb::Error as
/// evaluateClassifier for images the model cannot take or an output that is not [batch, classes].
struct ClassifierOutputs {
    std::vector<float> values;
    int64_t samples = 0, classes = 0;
    engine::Shape sampleShape; ///< the output's shape without its batch dimension (classes values)
};
/// `observe`, when set, sees every node that runs (Executor::run).
ClassifierOutputs classifierOutputs(engine::Executor& model, const ImageDataset& data, const Preprocess& pre,
                                    int64_t limit = 0, int64_t batch = 64, const JobContext& job = {},
                                    const engine::NodeObserver& observe = {});

} // namespace qb
