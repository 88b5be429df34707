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

/// The input bytes one batch of a model with a symbolic batch dimension may take (evaluationBatch).
inline constexpr int64_t kBatchInputBytes = int64_t(8) << 20;

/// The batch in which `samples` samples of `sampleValues` f32 values run through a model whose
/// batch dimension is symbolic: at most `maxBatch`, and no more than kBatchInputBytes of input (an
/// executor keeps every intermediate of a batch, about 40x the input for PP-OCRv4 det, and pages
/// them in afresh for each new batch shape), evened out over the batches that takes; the last
/// batch is padded to it, so that one plan serves every batch.
int64_t evaluationBatch(int64_t samples, int64_t sampleValues, int64_t maxBatch);

/// Evaluates `limit` samples (0 = all). The batch is evaluationBatch(samples, sample size, `batch`)
/// when the model's first input has a symbolic batch dimension, else the fixed size the model
/// declares; a last batch short of it is padded with zero images whose outputs are ignored. Throws qb::Error when the
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
/// `observe`, when set, sees every node that runs (Executor::run); the last batch of a free batch
/// dimension then runs at its own size, unpadded.
ClassifierOutputs classifierOutputs(engine::Executor& model, const ImageDataset& data, const Preprocess& pre,
                                    int64_t limit = 0, int64_t batch = 64, const JobContext& job = {},
                                    const engine::NodeObserver& observe = {});

} // namespace qb
