#include "core/eval/classifier_eval.h"

#include <chrono>
#include <stdexcept>

#include "core/util/error.h"

namespace qb {

namespace {

// The per-sample shape the model takes (its first input without the batch dimension), with one
// unknown dimension inferred from the image size.
engine::Shape sampleShape(const engine::Executor& model, int64_t pixels) {
    const auto& decl = model.inputs()[0].shape;
    if (decl.size() < 2) throw Error(model.path(), "input '" + model.inputs()[0].name + "' does not declare a batched shape");
    engine::Shape s(decl.begin() + 1, decl.end());
    int64_t known = 1;
    int unknown = -1;
    for (size_t d = 0; d < s.size(); ++d) {
        if (s[d] < 0) {
            if (unknown >= 0) throw Error(model.path(), "input '" + model.inputs()[0].name + "' has several unknown dimensions");
            unknown = int(d);
        } else {
            known *= s[d];
        }
    }
    if (unknown >= 0 && known > 0 && pixels % known == 0) s[size_t(unknown)] = pixels / known;
    if (engine::elementCount(s) != pixels)
        throw Error(model.path(), "input '" + model.inputs()[0].name + "' takes " + engine::shapeText(s) +
                                      " per sample, the dataset's images hold " + std::to_string(pixels) + " values");
    return s;
}

} // namespace

EvalResult evaluateClassifier(engine::Executor& model, const ImageDataset& data, const Preprocess& pre, int64_t limit,
                              int64_t batch, const JobContext& job) {
    if (model.inputs().size() != 1)
        throw Error(model.path(), "a classifier needs exactly one input, this graph takes " +
                                      std::to_string(model.inputs().size()));
    // One grey channel: a per-channel mean/std must be a single value here.
    if (pre.mean.size() != 1 || pre.std.size() != 1)
        throw Error(data.imagesPath, "the images have 1 channel, but mean/std give " + std::to_string(pre.mean.size()) +
                                         "/" + std::to_string(pre.std.size()) + " values");
    if (pre.std[0] == 0.f) throw Error(data.imagesPath, "std must not be 0");
    const int64_t pixels = data.rows * data.cols;
    const engine::Shape sample = sampleShape(model, pixels);
    const int64_t declared = model.inputs()[0].shape[0];
    const int64_t B = declared > 0 ? declared : std::max<int64_t>(1, batch);
    const int64_t n = limit > 0 ? std::min(limit, data.count) : data.count;

    EvalResult r;
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<engine::Tensor> in(1);
    for (int64_t start = 0; start < n; start += B) {
        job.checkCancel();
        const int64_t b = std::min(B, n - start);
        // A fixed batch is padded with zero images whose outputs are ignored.
        const int64_t run = declared > 0 ? B : b;
        engine::Shape shape{run};
        shape.insert(shape.end(), sample.begin(), sample.end());
        if (in[0].shape != shape) in[0].allocate(DType::F32, shape);
        const uint8_t* px = data.pixels.data() + start * pixels;
        for (int64_t k = 0; k < b * pixels; ++k) in[0].f[size_t(k)] = (float(px[k]) * pre.scale - pre.mean[0]) / pre.std[0];
        std::fill(in[0].f.begin() + b * pixels, in[0].f.end(), 0.f);
        const auto out = model.run(in);
        const engine::Tensor& y = out.at(0);
        if (y.dtype != DType::F32 || y.numel() % run != 0 || y.numel() == 0 || y.shape.empty() || y.shape[0] != run)
            throw Error(model.path(), "output '" + model.outputs()[0].name + "' shape " + engine::shapeText(y.shape) +
                                          " is not [batch, classes]");
        const int64_t classes = y.numel() / run;
        for (int64_t k = 0; k < b; ++k) {
            const int64_t label = data.labels[size_t(start + k)];
            try {
                r.counts.add(std::span<const float>(y.f.data() + k * classes, size_t(classes)), label);
            } catch (const std::out_of_range& e) {
                throw Error(data.labelsPath, "sample " + std::to_string(start + k) + ": " + e.what());
            }
        }
        job.report(double(start + b) / double(n), "evaluating " + std::to_string(start + b) + "/" + std::to_string(n));
    }
    r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return r;
}

} // namespace qb
