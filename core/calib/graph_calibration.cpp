#include "core/calib/calibration_stats.h"
#include "core/calib/graph_calibration.h"

#include <map>
#include <memory>
#include <set>

#include "core/engine/graph_executor.h"
#include "core/util/error.h"

namespace qb {

namespace {

// Ops that only reshape or retype a weight before its real consumer (mnist-12 reshapes its
// MatMul weight); the quantizable layer is the node after them.
bool passesWeightThrough(const std::string& op) {
    static const std::set<std::string> ops{"Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze",
                                           "Cast", "Identity", "DequantizeLinear"};
    return ops.count(op) > 0;
}

struct Tap {
    const TensorEntry* weight = nullptr;
    std::string node, activation; ///< consuming node's name and its activation input
    bool conv = false;            ///< channels on axis 1 (NCHW), else on the last axis
    std::unique_ptr<ActivationObserver> observer;
};

std::string tapKey(const std::string& node, const std::string& activation) { return node + '\n' + activation; }

// For each quantizable tensor, the node that consumes it (through reshapes) and that node's
// activation input: its first input that is neither the weight nor a stored tensor.
std::vector<Tap> onnxTaps(const Model& model) {
    std::vector<Tap> taps;
    for (const auto& t : model.tensors) {
        if (!t.quantizable) continue;
        std::set<std::string> derived{t.name};
        for (const auto& n : model.nodes) {
            bool usesWeight = false;
            for (const auto& in : n.inputs) usesWeight = usesWeight || derived.count(in);
            if (!usesWeight) continue;
            std::string act;
            for (const auto& in : n.inputs)
                if (!in.empty() && !derived.count(in) && !model.find(in)) {
                    act = in;
                    break;
                }
            if (act.empty() && passesWeightThrough(n.op)) {
                derived.insert(n.outputs.begin(), n.outputs.end());
                continue;
            }
            if (act.empty()) break; // a constant-only consumer: nothing to observe
            Tap tap;
            tap.weight = &t;
            tap.node = n.name;
            tap.activation = act;
            tap.conv = n.op == "Conv" || n.op == "ConvTranspose";
            taps.push_back(std::move(tap));
            break;
        }
    }
    return taps;
}

// Keras: the translated graph reads re-laid-out copies of the weights; each Conv or MatMul names
// the model weight it reads as the int8 engine matches it (Executor::weightReaders), and its
// activation is its input 0. A weight several nodes read is observed at its first reader, whose
// input the int8 engine quantizes with this range. Already in execution order.
std::vector<Tap> engineTaps(const Model& model, const engine::Executor& ex) {
    std::vector<Tap> taps;
    std::set<std::string> seen;
    for (const auto& [k, weight] : ex.weightReaders()) {
        const TensorEntry* t = model.find(weight);
        const GraphNode& n = ex.nodes()[k];
        if (!t || !t->quantizable || n.inputs.empty() || !seen.insert(weight).second) continue;
        Tap tap;
        tap.weight = t;
        tap.node = n.name;
        tap.activation = n.inputs[0];
        tap.conv = n.op == "Conv" || n.op == "ConvTranspose";
        taps.push_back(std::move(tap));
    }
    return taps;
}

// Execution order: by the position of the consuming node.
void sortByExecution(std::vector<Tap>& taps, const std::vector<GraphNode>& nodes) {
    std::map<std::string, size_t> position;
    for (size_t k = 0; k < nodes.size(); ++k) position.emplace(nodes[k].name, k);
    std::stable_sort(taps.begin(), taps.end(), [&](const Tap& a, const Tap& b) { return position[a.node] < position[b.node]; });
}

struct Feed {
    engine::Shape sample;
    bool toChw = false;
};

Feed feedFor(const engine::Executor& ex, const ImageDataset& data, Layout layout) {
    const auto& decl = ex.inputs()[0].shape;
    const std::string input = "input '" + ex.inputs()[0].name + "'";
    if (decl.size() < 2) throw Error(ex.path(), input + " does not declare a batched shape");
    engine::Shape s(decl.begin() + 1, decl.end());
    if (s.size() == 3) {
        const auto isChannels = [](int64_t v) { return v == 1 || v == 3; };
        if (layout == Layout::Auto) layout = isChannels(s[2]) && !isChannels(s[0]) ? Layout::NHWC : Layout::NCHW;
        const engine::Shape want = layout == Layout::NHWC ? engine::Shape{data.rows, data.cols, data.channels}
                                                          : engine::Shape{data.channels, data.rows, data.cols};
        for (size_t d = 0; d < 3; ++d)
            if (s[d] >= 0 && s[d] != want[d])
                throw Error(ex.path(), input + " takes " + engine::shapeText(s) + " per sample, the dataset's images are " +
                                           std::to_string(data.rows) + "x" + std::to_string(data.cols) + " with " +
                                           std::to_string(data.channels) + " channel(s)");
        return {want, layout == Layout::NCHW && data.channels > 1};
    }
    int64_t known = 1;
    int unknown = -1;
    for (size_t d = 0; d < s.size(); ++d) {
        if (s[d] >= 0) {
            known *= s[d];
        } else if (unknown < 0) {
            unknown = int(d);
        } else {
            throw Error(ex.path(), input + " has several unknown dimensions");
        }
    }
    if (unknown >= 0 && known > 0 && data.sampleSize() % known == 0) s[size_t(unknown)] = data.sampleSize() / known;
    if (engine::elementCount(s) != data.sampleSize())
        throw Error(ex.path(), input + " takes " + engine::shapeText(s) + " per sample, the dataset's samples hold " +
                                   std::to_string(data.sampleSize()) + " values");
    return {s, false};
}

std::vector<float> perChannel(const std::vector<float>& v, int64_t channels, const char* what, const std::string& where) {
    if (int64_t(v.size()) == channels) return v;
    if (v.size() == 1) return std::vector<float>(size_t(channels), v[0]);
    throw Error(where, std::string(what) + " gives " + std::to_string(v.size()) + " values for " +
                           std::to_string(channels) + " channel(s)");
}

constexpr int64_t kDynamicBatch = 16;

} // namespace

Calibration calibrateGraph(const Model& model, const ImageDataset& data, const Preprocess& pre,
                           const CalibrationSettings& settings, const JobContext& job) {
    std::vector<Tap> taps;
    std::unique_ptr<engine::Executor> exec;
    if (model.format == "keras_h5") {
        exec = std::make_unique<engine::Executor>(model);
        taps = engineTaps(model, *exec);
    } else {
        taps = onnxTaps(model);
        sortByExecution(taps, model.nodes);
        exec = std::make_unique<engine::Executor>(model);
    }
    engine::Executor& ex = *exec;
    if (ex.inputs().size() != 1)
        throw Error(model.path, "calibration feeds one input, this graph takes " + std::to_string(ex.inputs().size()));
    if (data.count <= 0 || settings.samples <= 0) throw Error(data.imagesPath, "no samples to calibrate with");
    const auto mean = perChannel(pre.mean, data.channels, "--mean", data.imagesPath);
    const auto stdev = perChannel(pre.std, data.channels, "--std", data.imagesPath);
    for (const float v : stdev)
        if (v == 0.f) throw Error(data.imagesPath, "std must not be 0");
    const Feed feed = feedFor(ex, data, pre.layout);
    const int64_t declared = ex.inputs()[0].shape[0];
    const int64_t B = declared > 0 ? declared : kDynamicBatch;
    int64_t n = std::min(settings.samples, data.count);
    if (declared > 0) { // a fixed batch takes whole batches of real samples, never padding
        n = std::min((n + B - 1) / B * B, data.count / B * B);
        if (n == 0) throw Error(data.imagesPath, "the model's fixed batch of " + std::to_string(B) + " exceeds the dataset");
    }
    const std::vector<int64_t> chosen = chooseSamples(data.count, n, settings.seed);

    std::map<std::string, std::vector<Tap*>> byKey;
    uint64_t seed = settings.seed;
    for (auto& t : taps) {
        t.observer = std::make_unique<ActivationObserver>(ObserverOptions{.seed = ++seed});
        byKey[tapKey(t.node, t.activation)].push_back(&t);
    }
    const engine::NodeObserver observe = [&](const GraphNode& node, std::span<const engine::Tensor* const> in) {
        for (size_t k = 0; k < node.inputs.size() && k < in.size(); ++k) {
            const auto it = byKey.find(tapKey(node.name, node.inputs[k]));
            if (it == byKey.end() || !in[k] || in[k]->dtype != DType::F32) continue;
            for (Tap* t : it->second) {
                const engine::Tensor& x = *in[k];
                if (x.rank() >= 2)
                    t->observer->observe(x.f, ChannelLayout{x.shape, t->conv ? 1 : -1});
                else
                    t->observer->observe(x.f);
            }
        }
    };

    const int64_t values = data.sampleSize(), C = data.channels, hw = data.rows * data.cols;
    std::vector<engine::Tensor> in(1);
    for (int64_t start = 0; start < n; start += B) {
        job.checkCancel();
        const int64_t b = std::min(B, n - start);
        engine::Shape shape{b};
        shape.insert(shape.end(), feed.sample.begin(), feed.sample.end());
        if (in[0].shape != shape) in[0].allocate(DType::F32, shape, engine::Init::Unset);
        for (int64_t k = 0; k < b; ++k) {
            const size_t src = size_t(chosen[size_t(start + k)] * values);
            float* dst = in[0].f.data() + k * values;
            for (int64_t p = 0; p < hw; ++p)
                for (int64_t c = 0; c < C; ++c)
                    dst[feed.toChw ? c * hw + p : p * C + c] =
                        (data.value(src + size_t(p * C + c)) * pre.scale - mean[size_t(c)]) / stdev[size_t(c)];
        }
        ex.run(in, observe);
        job.report(double(start + b) / double(n), "calibrating " + std::to_string(start + b) + "/" + std::to_string(n));
    }

    Calibration cal;
    cal.settings = settings;
    cal.samplesUsed = n;
    std::vector<const TensorEntry*> weights;
    std::vector<const ActivationObserver*> observers;
    for (const auto& t : taps) {
        weights.push_back(t.weight);
        observers.push_back(t.observer.get());
    }
    cal.layers = layerStats(weights, observers, settings, job);
    return cal;
}

} // namespace qb
