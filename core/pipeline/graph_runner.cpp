// ModelRunner for graph models (ONNX, Keras) on image data.
#include <algorithm>
#include <chrono>
#include <cmath>

#include "core/calib/graph_calibration.h"
#include "core/datasets/image_dataset.h"
#include "core/engine/graph_executor.h"
#include "core/engine/input_geometry.h"
#include "core/eval/classifier_eval.h"
#include "core/pipeline/runners.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

class GraphRunner final : public ModelRunner {
public:
    GraphRunner(std::shared_ptr<const Model> model, std::vector<quant::QuantizedLayer> act)
        : model_(std::move(model)), act_(std::move(act)) {}

    const Model& model() const override { return *model_; }

    Calibration calibrate(const DataSpec& data, CalibrationSettings s, const JobContext& job) override {
        refuseText(data);
        s.dataPath = absolutePath(data.path);
        s.preprocessing = data.summary(*model_);
        job.report(0, "loading data");
        const engine::Executor probe(*model_); // the geometry image folders are decoded to
        const ImageDataset images = loadDataset(s.dataPath, inputGeometry(probe, data.image.layout));
        job.checkCancel();
        return calibrateGraph(*model_, images, data.image, s, job);
    }

    EvaluationReport evaluate(const DataSpec& data, const EvaluateOptions& o, const JobContext& job) override {
        refuseText(data);
        EvaluationReport r;
        r.modelPath = model_->path;
        r.dataPath = data.path;
        r.settings = data.summary(*model_) + (o.limit > 0 ? ", limit " + std::to_string(o.limit) : "");
        r.activationLayers = act_.size();
        engine::Executor& executor = this->executor(job);
        const ImageDataset images = load(data, executor, job);

        // The batches evaluateClassifier will run, to turn its fraction into "batch k/n".
        const auto& input = executor.inputs();
        const int64_t declared = !input.empty() && !input[0].shape.empty() ? input[0].shape[0] : 0;
        const int64_t samples = o.limit > 0 ? std::min(o.limit, images.count) : images.count;
        const int64_t batch = declared > 0 ? declared : evaluationBatch(samples, images.sampleSize(), kClassifierBatch);
        const int64_t batches = (samples + batch - 1) / batch;
        CountedStage stage(job, "batch");
        JobContext inner;
        inner.cancel = job.cancel;
        inner.progress = [&](double fraction, std::string_view) {
            const int64_t done = std::llround(fraction * double(samples));
            stage.report(fraction, (done + batch - 1) / batch, batches);
        };
        r.classifier = evaluateClassifier(executor, images, data.image, o.limit, kClassifierBatch, inner);
        return r;
    }

    RawOutputs outputs(const DataSpec& data, int64_t limit, int64_t batch, const JobContext& job) override {
        refuseText(data);
        engine::Executor& executor = this->executor(job);
        const ImageDataset images = load(data, executor, job);
        const int64_t samples = limit > 0 ? std::min(limit, images.count) : images.count;
        CountedStage stage(job, "sample");
        const auto t0 = std::chrono::steady_clock::now();
        ClassifierOutputs o = classifierOutputs(executor, images, data.image, limit, batch, stage.counting(samples));
        RawOutputs r;
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.values = std::move(o.values);
        r.shape = {o.samples};
        r.shape.insert(r.shape.end(), o.sampleShape.begin(), o.sampleShape.end());
        if (images.labelled()) r.labels.assign(images.labels.begin(), images.labels.begin() + o.samples);
        return r;
    }

private:
    // One executor for every run of this runner: its plans (primitives) are made once per input shape.
    engine::Executor& executor(const JobContext& job) {
        job.report(0, "preparing the model");
        if (!executor_) executor_ = std::make_unique<engine::Executor>(*model_, engine::Int8Options{.layers = act_});
        job.checkCancel();
        return *executor_;
    }

    // The data decoded to the executor's input geometry.
    static ImageDataset load(const DataSpec& data, const engine::Executor& executor, const JobContext& job) {
        job.report(0, "loading data");
        ImageDataset images = loadDataset(data.path, inputGeometry(executor, data.image.layout));
        job.checkCancel();
        return images;
    }

    void refuseText(const DataSpec& data) const {
        if (data.isText())
            throw Error(data.path, "is text, which only a llama-family language model reads (" + model_->path +
                                       " is '" + model_->architecture + "')");
    }

    std::shared_ptr<const Model> model_;
    std::vector<quant::QuantizedLayer> act_;
    std::unique_ptr<engine::Executor> executor_;
};

} // namespace

std::unique_ptr<ModelRunner> makeGraphRunner(std::shared_ptr<const Model> model,
                                             std::vector<quant::QuantizedLayer> activationLayers) {
    return std::make_unique<GraphRunner>(std::move(model), std::move(activationLayers));
}

} // namespace qb::pipeline
