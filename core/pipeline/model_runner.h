// The one way to run a model on data, whatever it is: a graph (ONNX, Keras) on images or a
// transformer (llama family) on text. Callers never branch on the kind of model.
#pragma once
#include <memory>
#include <vector>

#include "core/domain/calibration.h"
#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/pipeline/data_spec.h"
#include "core/pipeline/evaluation_report.h"
#include "core/util/job.h"

namespace qb::pipeline {

/// Images per batch at most when a graph model's batch dimension is free (evaluationBatch() in
/// core/eval/classifier_eval.h takes fewer for big images).
inline constexpr int64_t kClassifierBatch = 256;

/// A model's raw outputs on data: images give the model's (first) output per sample, text the
/// logits at every scored position (each window's tokens after its BOS).
struct RawOutputs {
    std::vector<float> values;
    std::vector<int64_t> shape;  ///< [samples, ...]: images [images, output dims...], text [tokens, vocab]
    std::vector<int64_t> labels; ///< per sample: the image's label or the token that follows; empty without labels
    double seconds = 0;          ///< running the model and preparing its inputs, not loading the data
    int64_t samples() const { return shape.empty() ? 0 : shape[0]; }
    int64_t rowSize() const { return samples() > 0 ? int64_t(values.size()) / samples() : 0; }
};

class ModelRunner {
public:
    virtual ~ModelRunner() = default;

    /// A runner of `model` as stored, or with `quantization` applied: its weights put back, and
    /// its layers with an activation grid run on the int8 kernels (graphs) or fake-quantized at
    /// each matmul input (transformers). Throws qb::Error for a quantization that does not fit.
    static std::unique_ptr<ModelRunner> create(std::shared_ptr<const Model> model,
                                               const ProjectQuantization* quantization = nullptr);

    /// The model as run (quantized weights applied).
    virtual const Model& model() const = 0;

    /// Per-layer statistics of settings.samples samples of `data`. settings.dataPath and
    /// preprocessing are filled in from `data`. Throws qb::Error for data the model cannot take.
    virtual Calibration calibrate(const DataSpec& data, CalibrationSettings settings, const JobContext& job) = 0;

    /// Accuracy (images) or perplexity and a greedy sample (text) on `data`. Reports "batch k/n"
    /// or "window k/n". Throws qb::Error for data the model cannot take.
    virtual EvaluationReport evaluate(const DataSpec& data, const EvaluateOptions& options, const JobContext& job) = 0;

    /// The raw outputs of the first `limit` images or text windows of `data` (0 = all; the data
    /// needs no labels), images run `batch` at a time when the model's batch is free. Reports
    /// "sample k/n" or "window k/n". Throws qb::Error for data the model cannot take.
    virtual RawOutputs outputs(const DataSpec& data, int64_t limit, int64_t batch, const JobContext& job) = 0;
};

} // namespace qb::pipeline
