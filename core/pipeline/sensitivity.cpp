#include "core/pipeline/sensitivity.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include <Eigen/Core>

#include "core/calib/llm_taps.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/text_dataset.h"
#include "core/engine/graph_executor.h"
#include "core/engine/input_geometry.h"
#include "core/eval/agreement.h"
#include "core/eval/classifier_eval.h"
#include "core/eval/scored_windows.h"
#include "core/llm/transformer.h"
#include "core/pipeline/runners.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/auto_plan.h"
#include "core/quant/effective_weight.h"
#include "core/quant/llm_inputs.h"
#include "core/quant/plan.h"
#include "core/quant/quantize_model.h"
#include "core/quant/weight_matrix.h"
#include "core/eval/rank_correlation.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int64_t kBatchTokens = 4096; // as evaluate's perplexity

std::string joinBits(std::span<const int> bits) {
    std::string s;
    for (const int b : bits) s += (s.empty() ? "" : ",") + std::to_string(b);
    return s;
}

// log softmax of one row of logits, in doubles.
void logSoftmax(const float* row, int64_t n, std::vector<double>& out) {
    out.resize(size_t(n));
    const float mx = *std::max_element(row, row + n);
    double sum = 0;
    for (int64_t v = 0; v < n; ++v) sum += std::exp(double(row[v] - mx));
    const double lse = double(mx) + std::log(sum);
    for (int64_t v = 0; v < n; ++v) out[size_t(v)] = double(row[v]) - lse;
}

int64_t argmax(const float* row, int64_t n) { return int64_t(std::max_element(row, row + n) - row); }

} // namespace

// ---- output comparison -------------------------------------------------------------------------

struct OutputComparison::Impl {
    std::shared_ptr<const Model> model;
    std::string dataPath, metric;
    double baseMetric = 0;
    int64_t samples = 0;
    // Language models: the kept tokens, their windows and the fp32 log-probabilities of every
    // scored position [samples, vocab].
    std::vector<int32_t> tokens;
    std::vector<std::span<const int32_t>> chunks;
    int32_t bos = 0;
    int64_t vocab = 0;
    std::vector<float> refLogp;
    // Graphs: the images and the fp32 output rows.
    std::optional<ImageDataset> images;
    Preprocess pre;
    ClassifierOutputs ref;
    double refTop1 = 0;

    // The fp32 log-probabilities and perplexity of the text's chunks.
    void scoreReference(const JobContext& job) {
        Transformer tf(*model);
        vocab = tf.config().vocab;
        double nll = 0;
        std::vector<double> lp;
        forEachScoredToken(tf, chunks, bos, kBatchTokens, job, [&](const float* row, int32_t target) {
            logSoftmax(row, vocab, lp);
            refLogp.insert(refLogp.end(), lp.begin(), lp.end());
            nll -= lp[size_t(target)];
            ++samples;
        }, [](size_t) {});
        metric = "perplexity";
        baseMetric = std::exp(nll / double(samples));
    }

    // The kept fp32 hidden states: those entering decoder block statesBlock (-1: none), the
    // rows of BOS + window of every window one after another, in windowBatches' batches.
    int64_t statesBlock = -1;
    std::vector<float> states;

    // Keeps the states entering `block`, moved on from the kept ones when they enter an earlier
    // block, else from the embedding.
    void keepStates(int64_t block, const JobContext& job) {
        if (statesBlock == block) return;
        Transformer tf(*model);
        const int64_t dim = tf.config().dim;
        int64_t from = statesBlock;
        statesBlock = -1; // until every window is there (a cancel leaves none)
        if (from < 0 || from > block) {
            std::vector<int32_t> input;
            for (const auto& w : chunks) {
                input.push_back(bos);
                input.insert(input.end(), w.begin(), w.end());
            }
            tf.embed(input, states);
            from = 0;
        }
        float* at = states.data();
        for (const auto [first, count] : windowBatches(chunks, kBatchTokens)) {
            job.checkCancel();
            const int64_t len = int64_t(chunks[first].size()) + 1;
            KvCache cache = tf.newCache(int64_t(count), len, 1);
            for (int64_t l = from; l < block; ++l) tf.runLayer(l, at, len, cache, 0);
            at += int64_t(count) * len * dim;
        }
        statesBlock = block;
    }

    // take(logits row, target) for every scored position in forEachScoredToken's order, `tf` run
    // from the kept states through the blocks from statesBlock on and the head.
    template <class Take>
    void runFromStates(Transformer& tf, const JobContext& job, Take&& take) const {
        const int64_t dim = tf.config().dim;
        std::vector<float> x, logits;
        const float* at = states.data();
        for (const auto [first, count] : windowBatches(chunks, kBatchTokens)) {
            job.checkCancel();
            const int64_t len = int64_t(chunks[first].size()) + 1, rows = int64_t(count) * len;
            x.assign(at, at + rows * dim);
            at += rows * dim;
            if (statesBlock < tf.config().layers) {
                KvCache cache = tf.newCache(int64_t(count), len, 1);
                for (int64_t l = statesBlock; l < tf.config().layers; ++l) tf.runLayer(l, x.data(), len, cache, 0);
            }
            tf.head(x.data(), rows, logits);
            for (size_t b = 0; b < count; ++b)
                for (int64_t t = 0; t + 1 < len; ++t)
                    take(logits.data() + (int64_t(b) * len + t) * vocab, chunks[first + b][size_t(t)]);
        }
    }

    double top1(const ClassifierOutputs& o) const {
        if (!images || !images->labelled()) return 0;
        int64_t hit = 0;
        for (int64_t k = 0; k < o.samples; ++k)
            hit += argmax(o.values.data() + k * o.classes, o.classes) == images->labels[size_t(k)];
        return 100.0 * double(hit) / double(o.samples);
    }
};

OutputComparison::OutputComparison(std::shared_ptr<const Model> model, const DataSpec& data, int64_t limit,
                                   const JobContext& job)
    : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.model = std::move(model);
    d.dataPath = data.path;
    const Model& m = *d.model;
    job.report(0, "fp32 reference");
    if (m.llama) {
        if (!data.isText())
            throw Error(data.path, "a language model reads a UTF-8 .txt file (" + m.path + " is '" + m.architecture + "')");
        const BpeTokenizer tokenizer = loadTokenizer(m);
        d.tokens = loadTextDataset(data.path, tokenizer).tokens;
        d.bos = tokenizer.bos();
        const int64_t context = effectiveContext(data, m);
        if (context > m.llama->maxSeqLen)
            throw Error(data.path, "context of " + std::to_string(context) + " tokens exceeds the model's maximum of " +
                                       std::to_string(m.llama->maxSeqLen));
        // The first `limit` windows, as evaluate --limit keeps them.
        if (limit > 0 && context > 1) {
            const auto keep = uint64_t(limit) * uint64_t(context - 1) + 1;
            if (keep < d.tokens.size()) d.tokens.resize(size_t(keep));
        }
        d.chunks = textChunks(d.tokens, context, data.path);
        d.scoreReference(job);
    } else {
        if (data.isText())
            throw Error(data.path, "is text, which only a llama-family language model reads (" + m.path + " is '" +
                                       m.architecture + "')");
        engine::Executor executor(m);
        d.images = loadDataset(data.path, inputGeometry(executor, data.image.layout));
        d.pre = data.image;
        d.ref = classifierOutputs(executor, *d.images, d.pre, limit, kClassifierBatch, job);
        d.samples = d.ref.samples;
        if (d.images->labelled()) {
            d.metric = "top1";
            d.baseMetric = d.top1(d.ref);
        }
    }
}

OutputComparison::OutputComparison(std::shared_ptr<const Model> model, const HeldOutText& text, const JobContext& job)
    : impl_(std::make_unique<Impl>()) {
    Impl& d = *impl_;
    d.model = std::move(model);
    if (!d.model->llama) throw Error(d.model->path, "held-out windows are text: only a language model reads them");
    job.report(0, "fp32 reference");
    d.tokens = text.tokens;
    d.bos = text.bos;
    for (const auto& w : text.windows) d.chunks.emplace_back(d.tokens.data() + (w.data() - text.tokens.data()), w.size());
    d.scoreReference(job);
}

OutputComparison::~OutputComparison() = default;

OutputComparison::Change OutputComparison::measure(const Model& variant, const JobContext& job) const {
    return measure(variant, 0, job);
}

OutputComparison::Change OutputComparison::measure(const Model& variant, int64_t firstBlock, const JobContext& job) const {
    Impl& d = *impl_;
    Change c;
    if (d.model->llama) {
        Transformer tf(variant);
        double kl = 0, nll = 0;
        int64_t k = 0;
        std::vector<double> lq;
        c.windowNll.assign(d.chunks.size(), 0.0);
        size_t w = 0, seen = 0; // scored positions arrive in text order, window by window
        const auto take = [&](const float* row, int32_t target) {
            logSoftmax(row, d.vocab, lq);
            const float* lr = d.refLogp.data() + k * d.vocab;
            double sum = 0;
            for (int64_t v = 0; v < d.vocab; ++v) sum += std::exp(double(lr[v])) * (double(lr[v]) - lq[size_t(v)]);
            kl += sum;
            nll -= lq[size_t(target)];
            while (seen == d.chunks[w].size()) ++w, seen = 0;
            c.windowNll[w] -= lq[size_t(target)];
            ++seen;
            ++k;
        };
        if (firstBlock <= 0) {
            forEachScoredToken(tf, d.chunks, d.bos, kBatchTokens, job, take, [](size_t) {});
        } else {
            d.keepStates(std::min(firstBlock, tf.config().layers), job);
            d.runFromStates(tf, job, take);
        }
        for (size_t i = 0; i < d.chunks.size(); ++i) c.windowNll[i] /= double(std::max<size_t>(1, d.chunks[i].size()));
        c.kl = std::max(0.0, kl / double(k)); // KL >= 0: a negative is rounding
        c.metric = std::exp(nll / double(k));
        c.metricDelta = c.metric - d.baseMetric;
        return c;
    }
    engine::Executor executor(variant);
    const ClassifierOutputs out = classifierOutputs(executor, *d.images, d.pre, d.ref.samples, kClassifierBatch, job);
    c.kl = std::max(0.0, compareOutputs(d.ref.values, out.values, d.ref.classes, OutputKind::Auto, d.dataPath).kl);
    if (d.metric.empty()) {
        c.metricDelta = kNaN;
    } else {
        c.metric = d.top1(out);
        c.metricDelta = d.baseMetric - c.metric;
    }
    return c;
}

const std::string& OutputComparison::metric() const { return impl_->metric; }
double OutputComparison::baseMetric() const { return impl_->baseMetric; }
int64_t OutputComparison::samples() const { return impl_->samples; }

// ---- the table ---------------------------------------------------------------------------------

std::string granularityName(int64_t group) {
    return group > 0 ? "g" + std::to_string(group) : group == kPerTensor ? "tensor" : "channel";
}

std::vector<const quant::Scheme*> candidateSchemes(const Model& model, const TensorEntry& tensor,
                                                   std::span<const int> bits, const std::string& method,
                                                   std::span<const int64_t> groups, bool asymmetric,
                                                   std::span<const int> scaleBits) {
    std::vector<const quant::Scheme*> out;
    const int64_t cols = quant::matrixShape(tensor).cols;
    const auto add = [&](const quant::Scheme* s) {
        if (!s) return;
        // A row that groups do not divide takes the fallback (per channel at the same bits), as a
        // uniform plan would; a ggml type falling back to f16 is no candidate.
        s = &quant::resolve(*s, cols);
        if (s->kind == quant::SchemeKind::Float || std::find(out.begin(), out.end(), s) != out.end()) return;
        quant::Plan plan;
        plan.defaults.method = method;
        plan.setEntry(tensor.name, quant::schemeSettings(*s));
        if (!quant::planProblems(plan, model).empty()) return;
        out.push_back(s);
    };
    const std::vector<int64_t> grans = groups.empty() ? std::vector<int64_t>{model.llama ? 32 : 0}
                                                      : std::vector<int64_t>(groups.begin(), groups.end());
    const std::vector<int> layouts = scaleBits.empty() ? std::vector<int>{16} : std::vector<int>(scaleBits.begin(), scaleBits.end());
    for (const int b : bits)
        for (const int64_t g : grans)
            for (const char* sym : {"_sym", "_asym"})
                if (sym[1] == 's' || asymmetric)
                    for (const int sb : layouts) // no scale codes per tensor: findScheme gives null
                        add(quant::findScheme("int" + std::to_string(b) + "_" + granularityName(g) + sym +
                                              (sb == 16 ? "" : "_s" + std::to_string(sb))));
    for (const quant::Scheme& s : quant::schemes())
        if (s.kind == quant::SchemeKind::Ggml && std::find(bits.begin(), bits.end(), s.bits) != bits.end()) add(&s);
    return out;
}

std::vector<SensitivityPair> sensitivityPairs(const Model& model, std::span<const int> bits, const std::string& method,
                                              std::span<const int64_t> groups, bool asymmetric, std::span<const int> scaleBits) {
    std::vector<SensitivityPair> pairs;
    for (const TensorEntry& t : model.tensors) {
        if (!t.quantizable) continue;
        for (const quant::Scheme* s : candidateSchemes(model, t, bits, method, groups, asymmetric, scaleBits))
            pairs.push_back({t.name, s});
    }
    return pairs;
}

namespace {

// What the proxies know about one layer's inputs: d_j = mean x_j^2 per column and, when the
// inputs were collected, H = X^T X / n.
struct InputStats {
    std::vector<double> d;
    std::vector<double> h; ///< [cols, cols] or empty
};

// Column j of a graph weight matrix reads input channel channelOf(j): matrices are [out, in*k]
// (ONNX, channel-major) or [out, k*in] (Keras, channel-minor; channelAxis last).
InputStats statsFromAbsMax(const TensorEntry& t, int64_t cols, const std::vector<float>& absMax) {
    InputStats s;
    const auto C = int64_t(absMax.size());
    if (C == 0 || cols % C != 0) return s;
    const int64_t per = cols / C;
    const bool channelMinor = t.channelAxis != 0 && t.channelAxis == int(t.shape.size()) - 1 && t.shape.size() > 2;
    s.d.resize(size_t(cols));
    for (int64_t j = 0; j < cols; ++j) {
        const double a = absMax[size_t(channelMinor ? j % C : j / per)];
        s.d[size_t(j)] = a * a;
    }
    return s;
}

void addProxies(SensitivityEntry& e, const quant::WeightMatrix& w, const std::vector<float>& q, const InputStats* in) {
    const int64_t rows = w.rows, cols = w.cols;
    Eigen::MatrixXd E(rows, cols);
    double w2 = 0, e2 = 0;
    std::vector<double> colE2(size_t(cols), 0.0);
    for (int64_t i = 0; i < rows; ++i)
        for (int64_t j = 0; j < cols; ++j) {
            const double wv = w.values[size_t(i * cols + j)], err = double(q[size_t(i * cols + j)]) - wv;
            E(i, j) = err;
            w2 += wv * wv;
            e2 += err * err;
            colE2[size_t(j)] += err * err;
        }
    e.sqnrDb = e2 > 0 ? 10 * std::log10(w2 / e2) : std::numeric_limits<double>::infinity();
    const bool weighted = in && int64_t(in->d.size()) == cols;
    double imatrix = 0, trace = 0;
    for (int64_t j = 0; j < cols; ++j) {
        const double dj = weighted ? in->d[size_t(j)] : 1.0;
        imatrix += dj * colE2[size_t(j)];
        trace += dj;
    }
    e.imatrixError = imatrix;
    e.hessianTrace = trace / double(cols) * e2;
    if (weighted && int64_t(in->h.size()) == cols * cols) {
        const Eigen::Map<const Eigen::MatrixXd> H(in->h.data(), cols, cols); // symmetric: orientation is moot
        e.outputError = (E * H).cwiseProduct(E).sum();
    } else {
        e.outputError = imatrix;
    }
}

bool sameMeasurement(const SensitivitySettings& a, const SensitivitySettings& b) {
    return a.dataPath == b.dataPath && a.preprocessing == b.preprocessing && a.limit == b.limit && a.method == b.method &&
           a.calibrationSamples == b.calibrationSamples && a.calibrationSeed == b.calibrationSeed;
}

} // namespace

ProjectSensitivity measureSensitivity(const std::shared_ptr<const Model>& model, const Project& project,
                                      const SensitivityRequest& r, const JobContext& job) {
    const Model& m = *model;
    if (r.shardCount < 1 || r.shardIndex < 0 || r.shardIndex >= r.shardCount)
        throw Error("--shard", std::to_string(r.shardIndex) + "/" + std::to_string(r.shardCount) +
                                   " is not a shard: I/N needs 0 <= I < N");
    if (r.method != "rtn" && r.method != "gptq")
        throw Error("--method", "sensitivity measures rtn or gptq, not '" + r.method + "'");
    if (r.method == "gptq" && !m.llama)
        throw Error(m.path, "GPTQ sensitivity takes its inputs from text: only language models");
    if (r.bits.empty()) throw Error("--bits", "no candidate bit widths");
    for (const int b : r.bits)
        if (b < quant::kMinBits || b > quant::kMaxBits)
            throw Error("--bits", std::to_string(b) + " is outside " + std::to_string(quant::kMinBits) + ".." +
                                      std::to_string(quant::kMaxBits));

    ProjectSensitivity out;
    SensitivitySettings& st = out.settings;
    st.dataPath = absolutePath(r.data.path);
    st.preprocessing = r.data.summary(m);
    st.limit = r.limit;
    st.method = r.method;
    if (r.method == "gptq") {
        if (r.calibrationSamples < 1)
            throw Error("--samples", "GPTQ sensitivity needs at least one calibration window, not " +
                                         std::to_string(r.calibrationSamples));
        st.calibrationSamples = r.calibrationSamples;
        st.calibrationSeed = r.calibrationSeed;
    }
    st.bits = joinBits(r.bits);
    for (const int64_t g : r.groups) {
        if (g != kPerChannel && g != kPerTensor && !quant::isGroupSize(g))
            throw Error("--groups", std::to_string(g) + " is not a group size (" + quant::groupSizeNames() +
                                        ", channel or tensor)");
        st.groups += (st.groups.empty() ? "" : ",") + (g > 0 ? std::to_string(g) : granularityName(g));
    }
    if (st.groups.empty()) st.groups = m.llama ? "32" : "channel";
    st.symmetry = r.asymmetric ? "sym,asym" : "sym";
    st.scaleBits.clear();
    for (const int sb : r.scaleBits) {
        if (!quant::isScaleBits(sb))
            throw Error("--scale-bits", std::to_string(sb) + " is not 16 (fp16 scales) or 8, 6, 4 (scale codes)");
        st.scaleBits += (st.scaleBits.empty() ? "" : ",") + std::to_string(sb);
    }
    if (st.scaleBits.empty()) st.scaleBits = "16";
    out.shardIndex = r.shardIndex;
    out.shardCount = r.shardCount;

    const std::vector<SensitivityPair> pairs = sensitivityPairs(m, r.bits, r.method, r.groups, r.asymmetric, r.scaleBits);
    const ProjectSensitivity* prev =
        project.sensitivity && sameMeasurement(project.sensitivity->settings, st) ? &*project.sensitivity : nullptr;
    std::vector<size_t> mine, todo;
    for (size_t p = size_t(r.shardIndex); p < pairs.size(); p += size_t(r.shardCount)) {
        mine.push_back(p);
        if (!prev || !prev->find(pairs[p].layer, pairs[p].scheme->name)) todo.push_back(p);
    }
    if (todo.empty() && prev) {
        st.metric = prev->settings.metric;
        st.baseMetric = prev->settings.baseMetric;
        st.proxySource = prev->settings.proxySource;
        for (const size_t p : mine) out.entries.push_back(*prev->find(pairs[p].layer, pairs[p].scheme->name));
        return out;
    }

    // The fp32 pass, once; then the proxies' input statistics.
    const OutputComparison reference(model, r.data, r.limit, job);
    st.metric = reference.metric();
    st.baseMetric = reference.baseMetric();
    std::map<std::string, InputStats> stats;
    std::map<std::string, quant::LayerInputs> inputs;
    if (m.llama) {
        job.report(0, "collecting layer inputs");
        const BpeTokenizer tokenizer = loadTokenizer(m);
        std::vector<int32_t> tokens = loadTextDataset(r.data.path, tokenizer).tokens;
        CalibrationSettings cs;
        cs.dataPath = r.data.path;
        cs.context = effectiveContext(r.data, m);
        if (st.calibrationSamples > 0) { // GPTQ: quantize's windows
            cs.samples = st.calibrationSamples;
            cs.seed = st.calibrationSeed;
        } else { // the evaluated windows
            cs.samples = r.limit > 0 ? r.limit : 8;
            const auto keep = uint64_t(cs.samples) * uint64_t(cs.context - 1) + 1;
            if (keep < tokens.size()) tokens.resize(size_t(keep));
        }
        inputs = quant::collectLlmInputs(m, tokens, tokenizer.bos(), cs, {}, job);
        for (const auto& [name, li] : inputs) {
            InputStats s;
            const int64_t n = li.cols(), seen = std::max<int64_t>(1, li.rowsSeen());
            s.h.resize(size_t(n * n));
            s.d.resize(size_t(n));
            for (size_t k = 0; k < s.h.size(); ++k) s.h[k] = li.gram()[k] / double(seen);
            for (int64_t j = 0; j < n; ++j) s.d[size_t(j)] = s.h[size_t(j * n + j)];
            stats.emplace(name, std::move(s));
        }
        st.proxySource = "layer inputs";
    } else if (!project.calibration.layers.empty()) {
        for (const LayerStats& l : project.calibration.layers)
            if (const TensorEntry* t = m.find(l.name))
                stats.emplace(l.name, statsFromAbsMax(*t, quant::matrixShape(*t).cols, l.channelAbsMax));
        st.proxySource = "calibration abs max";
    } else {
        st.proxySource = "none";
    }

    // The decoder block from which a layer's variant differs from fp32 (language models): its own
    // block, past the last for an untied head, 0 for the embedding (and a head tied to it) and
    // for any weight that is no tapped matmul; measure() keeps the states before it.
    std::map<std::string, int64_t> firstBlock;
    if (m.llama) {
        const TensorEntry* embedding = llmEmbedding(m);
        for (const LlmTap& t : llmTaps(m))
            firstBlock.emplace(t.weight->name, t.weight == embedding ? 0 : t.layer < 0 ? m.llama->layers : t.layer);
    }
    std::vector<std::string> layerNames;
    for (const SensitivityPair& p : pairs)
        if (layerNames.empty() || layerNames.back() != p.layer) layerNames.push_back(p.layer);
    std::map<size_t, SensitivityEntry> done;
    const quant::QuantizeSources sources{.calibration = nullptr, .inputs = inputs.empty() ? nullptr : &inputs};
    for (size_t k = 0; k < todo.size(); ++k) {
        job.checkCancel();
        const SensitivityPair& pair = pairs[todo[k]];
        const size_t li = size_t(std::find(layerNames.begin(), layerNames.end(), pair.layer) - layerNames.begin());
        job.report(double(k) / double(todo.size()), "layer " + std::to_string(li + 1) + "/" +
                                                        std::to_string(layerNames.size()) + ": " + pair.scheme->name);
        quant::Plan plan;
        plan.defaults.method = r.method;
        plan.setEntry(pair.layer, quant::schemeSettings(*pair.scheme));
        std::vector<quant::LayerPlan> resolved = quant::resolvePlan(plan, m, "sensitivity");
        std::erase_if(resolved, [&](const quant::LayerPlan& lp) { return lp.name != pair.layer; });
        std::vector<quant::QuantizedLayer> q = quant::quantizeModel(m, resolved, sources);
        if (q.size() != 1) throw Error(pair.layer, "quantizing the layer alone gave " + std::to_string(q.size()) + " layers");

        SensitivityEntry e;
        e.layer = pair.layer;
        e.scheme = pair.scheme->name;
        const auto it = stats.find(pair.layer);
        addProxies(e, quant::weightMatrix(*m.find(pair.layer)), quant::effectiveWeight(q[0]),
                   it == stats.end() ? nullptr : &it->second);
        const Model variant = quant::applyQuantized(m, q);
        const auto from = firstBlock.find(pair.layer);
        const OutputComparison::Change c = reference.measure(variant, from == firstBlock.end() ? 0 : from->second);
        e.kl = c.kl;
        e.metricDelta = c.metricDelta;
        done.emplace(todo[k], std::move(e));
    }
    for (const size_t p : mine) {
        const auto it = done.find(p);
        out.entries.push_back(it != done.end() ? it->second : *prev->find(pairs[p].layer, pairs[p].scheme->name));
    }
    job.report(1, "sensitivity done");
    return out;
}

Project mergeSensitivity(std::vector<Project> parts, std::span<const std::string> paths) {
    if (parts.empty()) throw Error("--merge", "no parts to merge");
    const auto name = [&](size_t i) { return i < paths.size() ? paths[i] : "part " + std::to_string(i + 1); };
    const Project& first = parts[0];
    const auto sameCalibration = [](const Calibration& a, const Calibration& b) {
        return a.settings.dataPath == b.settings.dataPath && a.settings.samples == b.settings.samples &&
               a.settings.seed == b.settings.seed && a.settings.context == b.settings.context &&
               a.samplesUsed == b.samplesUsed && a.layers.size() == b.layers.size();
    };
    for (size_t i = 0; i < parts.size(); ++i)
        if (!parts[i].sensitivity) throw Error(name(i), "holds no sensitivity to merge");
    const ProjectSensitivity& s0 = *first.sensitivity;
    const auto N = s0.shardCount;
    std::vector<const ProjectSensitivity*> byIndex(size_t(N), nullptr);
    for (size_t i = 0; i < parts.size(); ++i) {
        const Project& p = parts[i];
        const ProjectSensitivity& s = *p.sensitivity;
        if (p.modelHash != first.modelHash)
            throw Error(name(i), "is of another model (" + p.modelPath + ", hash " + p.modelHash + ") than " + name(0) +
                                     " (" + first.modelPath + ", hash " + first.modelHash + ")");
        if (!sameCalibration(p.calibration, first.calibration))
            throw Error(name(i), "is another project than " + name(0) + " (its calibration differs)");
        SensitivitySettings a = s.settings, b = s0.settings;
        const bool baseClose = std::abs(a.baseMetric - b.baseMetric) <= 1e-9 * std::max(1.0, std::abs(b.baseMetric));
        a.baseMetric = b.baseMetric = 0;
        if (!(a == b) || !baseClose)
            throw Error(name(i), "was measured with other settings than " + name(0) + " (data, limit, method, GPTQ calibration, bits, groups, scale bits or metric)");
        if (s.shardCount != N)
            throw Error(name(i), "is shard " + std::to_string(s.shardIndex) + "/" + std::to_string(s.shardCount) +
                                     ", " + name(0) + " is of " + std::to_string(N) + " shards");
        if (byIndex[size_t(s.shardIndex)])
            throw Error(name(i), "shard " + std::to_string(s.shardIndex) + "/" + std::to_string(N) + " is given twice");
        byIndex[size_t(s.shardIndex)] = &s;
    }
    size_t total = 0;
    for (int64_t i = 0; i < N; ++i) {
        if (!byIndex[size_t(i)])
            throw Error("--merge", "shard " + std::to_string(i) + "/" + std::to_string(N) + " is missing");
        total += byIndex[size_t(i)]->entries.size();
    }
    ProjectSensitivity merged;
    merged.settings = s0.settings;
    merged.entries.resize(total);
    for (int64_t i = 0; i < N; ++i) {
        const auto& entries = byIndex[size_t(i)]->entries;
        const size_t expected = total > size_t(i) ? (total - size_t(i) + size_t(N) - 1) / size_t(N) : 0;
        if (entries.size() != expected)
            throw Error("--merge", "shard " + std::to_string(i) + "/" + std::to_string(N) + " holds " +
                                       std::to_string(entries.size()) + " entries, the table gives it " +
                                       std::to_string(expected));
        for (size_t k = 0; k < entries.size(); ++k) merged.entries[size_t(i) + k * size_t(N)] = entries[k];
    }
    Project out = std::move(parts[0]);
    out.sensitivity = std::move(merged);
    return out;
}

ProxyCorrelation proxyCorrelation(std::span<const SensitivityEntry> entries) {
    std::vector<double> kl, sqnr, out, trace, imat;
    for (const SensitivityEntry& e : entries) {
        kl.push_back(e.kl);
        sqnr.push_back(-e.sqnrDb);
        out.push_back(e.outputError);
        trace.push_back(e.hessianTrace);
        imat.push_back(e.imatrixError);
    }
    return {spearman(sqnr, kl), spearman(out, kl), spearman(trace, kl), spearman(imat, kl)};
}

} // namespace qb::pipeline
