#include "core/eval/classifier_eval.h"

#include <chrono>
#include <stdexcept>

#include "core/engine/input_geometry.h"
#include "core/util/error.h"

namespace qb {

namespace {

// How samples enter the model: its per-sample shape, and whether channels-last images must be
// reordered to channels first.
struct Feed {
    engine::Shape sample;
    bool toChw = false;
};

Feed feedFor(const engine::Executor& model, const ImageDataset& data, Layout layout) {
    const std::string input = "input '" + model.inputs()[0].name + "'";
    engine::Shape s = declaredSample(model);
    const int64_t values = data.sampleSize();
    if (s.size() == 3 && !(data.rows == 1 && data.cols == 1)) { // an image input: sides and channels must fit
        const Layout l = resolveLayout(layout, s);
        const engine::Shape want = l == Layout::NHWC ? engine::Shape{data.rows, data.cols, data.channels}
                                                     : engine::Shape{data.channels, data.rows, data.cols};
        for (size_t d = 0; d < 3; ++d)
            if (s[d] >= 0 && s[d] != want[d])
                throw Error(model.path(), input + " takes " + engine::shapeText(s) + " per sample (" +
                                              (l == Layout::NHWC ? "nhwc" : "nchw") + "), the dataset's images are " +
                                              std::to_string(data.rows) + "x" + std::to_string(data.cols) + " with " +
                                              std::to_string(data.channels) + " channel(s)");
        return {want, l == Layout::NCHW && data.channels > 1};
    }
    // Otherwise the values are fed in stored order; one unknown dimension is inferred.
    int64_t known = 1;
    int unknown = -1;
    for (size_t d = 0; d < s.size(); ++d) {
        if (s[d] < 0) {
            if (unknown >= 0) throw Error(model.path(), input + " has several unknown dimensions");
            unknown = int(d);
        } else {
            known *= s[d];
        }
    }
    if (unknown >= 0 && known > 0 && values % known == 0) s[size_t(unknown)] = values / known;
    if (engine::elementCount(s) != values)
        throw Error(model.path(), input + " takes " + engine::shapeText(s) + " per sample, the dataset's samples hold " +
                                      std::to_string(values) + " values");
    return {s, false};
}

// One value per channel: a single given value is repeated.
std::vector<float> perChannel(const std::vector<float>& v, int64_t channels, const char* what, const std::string& where) {
    if (int64_t(v.size()) == channels) return v;
    if (v.size() == 1) return std::vector<float>(size_t(channels), v[0]);
    throw Error(where, "the samples have " + std::to_string(channels) + " channel(s), but " + what + " gives " +
                           std::to_string(v.size()) + " values");
}

// Data loads without labels (calibration needs none); scoring needs one per sample.
void requireLabels(const ImageDataset& data) {
    if (data.count > 0 && !data.labelled())
        throw Error(data.imagesPath,
                    "has no labels, which evaluation needs (calibration does not): " +
                        (data.labelsHint.empty()
                             ? std::string("labels come from y.npy beside x.npy, class subfolders, or the IDX labels file")
                             : data.labelsHint));
    if (data.labelled() && int64_t(data.labels.size()) != data.count)
        throw Error(data.labelsPath.empty() ? data.imagesPath : data.labelsPath,
                    "holds " + std::to_string(data.labels.size()) + " labels for " + std::to_string(data.count) + " images");
}

} // namespace

int64_t evaluationBatch(int64_t samples, int64_t sampleValues, int64_t maxBatch) {
    const int64_t fit = kBatchInputBytes / std::max<int64_t>(1, sampleValues * int64_t(sizeof(float)));
    const int64_t most = std::max<int64_t>(1, std::min(maxBatch, fit));
    const int64_t batches = std::max<int64_t>(1, (samples + most - 1) / most);
    return std::max<int64_t>(1, (samples + batches - 1) / batches);
}

namespace {

// Runs the first `limit` samples in batches and hands each batch's output rows to `take`
// (first sample index, samples in the batch, their rows, the output tensor).
template <class Take>
void runBatches(engine::Executor& model, const ImageDataset& data, const Preprocess& pre, int64_t limit, int64_t batch,
                const JobContext& job, Take&& take, const engine::NodeObserver& observe = {}) {
    if (model.inputs().size() != 1)
        throw Error(model.path(), "a classifier needs exactly one input, this graph takes " +
                                      std::to_string(model.inputs().size()));
    const auto mean = perChannel(pre.mean, data.channels, "--mean", data.imagesPath);
    const auto stdev = perChannel(pre.std, data.channels, "--std", data.imagesPath);
    for (const float v : stdev)
        if (v == 0.f) throw Error(data.imagesPath, "std must not be 0");
    const Feed feed = feedFor(model, data, pre.layout);
    const int64_t values = data.sampleSize(), C = data.channels, hw = data.rows * data.cols;
    const int64_t declared = model.inputs()[0].shape[0];
    const int64_t n = limit > 0 ? std::min(limit, data.count) : data.count;
    const int64_t B = declared > 0 ? declared : evaluationBatch(n, values, batch);

    std::vector<engine::Tensor> in(1);
    for (int64_t start = 0; start < n; start += B) {
        job.checkCancel();
        const int64_t b = std::min(B, n - start);
        // A short last batch is padded with zero images whose outputs are ignored; not for an
        // observer of a free batch, which would see the padding among the activations.
        const int64_t run = declared > 0 || !observe ? B : b;
        engine::Shape shape{run};
        shape.insert(shape.end(), feed.sample.begin(), feed.sample.end());
        if (in[0].shape != shape) in[0].allocate(DType::F32, shape, engine::Init::Unset);
        for (int64_t k = 0; k < b; ++k) {
            const size_t src = size_t((start + k) * values);
            float* dst = in[0].f.data() + k * values;
            for (int64_t p = 0; p < hw; ++p)
                for (int64_t c = 0; c < C; ++c)
                    dst[feed.toChw ? c * hw + p : p * C + c] =
                        (data.value(src + size_t(p * C + c)) * pre.scale - mean[size_t(c)]) / stdev[size_t(c)];
        }
        std::fill(in[0].f.begin() + b * values, in[0].f.end(), 0.f);
        const auto out = model.run(in, observe);
        const engine::Tensor& y = out.at(0);
        if (y.dtype != DType::F32 || y.numel() % run != 0 || y.numel() == 0 || y.shape.empty() || y.shape[0] != run)
            throw Error(model.path(), "output '" + model.outputs()[0].name + "' shape " + engine::shapeText(y.shape) +
                                          " is not [batch, classes]");
        take(start, b, y.f.data(), y);
        job.report(double(start + b) / double(n), "evaluating " + std::to_string(start + b) + "/" + std::to_string(n));
    }
}

} // namespace

EvalResult evaluateClassifier(engine::Executor& model, const ImageDataset& data, const Preprocess& pre, int64_t limit,
                              int64_t batch, const JobContext& job) {
    requireLabels(data);
    EvalResult r;
    const auto t0 = std::chrono::steady_clock::now();
    runBatches(model, data, pre, limit, batch, job, [&](int64_t start, int64_t b, const float* y, const engine::Tensor& t) {
        const int64_t classes = t.numel() / t.shape[0];
        for (int64_t k = 0; k < b; ++k) {
            const int64_t label = data.labels[size_t(start + k)];
            try {
                r.counts.add(std::span<const float>(y + k * classes, size_t(classes)), label);
            } catch (const std::out_of_range& e) {
                throw Error(data.labelsPath, "sample " + std::to_string(start + k) + ": " + e.what());
            }
        }
    });
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

ClassifierOutputs classifierOutputs(engine::Executor& model, const ImageDataset& data, const Preprocess& pre,
                                    int64_t limit, int64_t batch, const JobContext& job,
                                    const engine::NodeObserver& observe) {
    ClassifierOutputs r;
    runBatches(model, data, pre, limit, batch, job, [&](int64_t, int64_t b, const float* y, const engine::Tensor& t) {
        const int64_t classes = t.numel() / t.shape[0];
        if (r.classes != 0 && r.classes != classes)
            throw Error(model.path(), "output '" + model.outputs()[0].name + "' changed width between batches");
        r.classes = classes;
        r.sampleShape.assign(t.shape.begin() + 1, t.shape.end());
        r.values.insert(r.values.end(), y, y + b * classes);
        r.samples += b;
    }, observe);
    return r;
}

} // namespace qb
