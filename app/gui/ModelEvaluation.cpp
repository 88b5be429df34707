#include "app/gui/ModelEvaluation.h"

#include <QCoreApplication>
#include <QLocale>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <vector>

#include "core/engine/input_geometry.h"
#include "core/engine/graph_executor.h"
#include "core/eval/classifier_eval.h"
#include "core/datasets/image_dataset.h"
#include "core/eval/perplexity.h"
#include "core/datasets/text_dataset.h"
#include "core/llm/transformer.h"
#include "core/quant/apply_quantized.h"
#include "core/quant/quantize_model.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb {

namespace {

// Stage names, translated for display by JobProgressWidget.
const char* const kLoadingData = QT_TRANSLATE_NOOP("qb::JobStage", "loading data");
const char* const kPreparingModel = QT_TRANSLATE_NOOP("qb::JobStage", "preparing the model");
const char* const kTokenizing = QT_TRANSLATE_NOOP("qb::JobStage", "tokenizing");

// Reports "<text> done/total" (translated here: QCoreApplication::translate is thread-safe) at most
// once per 0.1 %: a model with a fixed batch of 1 reports after every image.
class CountedStage {
public:
    CountedStage(const JobContext& job, const char* text) : job_(job), text_(text) {}

    void report(double fraction, int64_t done, int64_t total) {
        const auto permille = std::llround(fraction * 1000.0);
        if (permille == lastPermille_ && done != total) {
            return;
        }
        lastPermille_ = permille;
        job_.report(fraction, QCoreApplication::translate("qb::JobStage", text_).arg(done).arg(total).toStdString());
    }

private:
    const JobContext& job_;
    const char* text_;
    long long lastPermille_ = -1;
};

// "0.1307" or "0.485,0.456,0.406"; the C locale, as on the command line.
std::vector<float> floatList(const std::string& what, const QString& text) {
    std::vector<float> values;
    for (const QString& item : text.split(QLatin1Char(','))) {
        bool ok = false;
        const float v = QLocale::c().toFloat(item.trimmed(), &ok);
        if (!ok || !std::isfinite(v)) {
            throw Error(what, "'" + text.toStdString() + "' is not a comma-separated list of numbers");
        }
        values.push_back(v);
    }
    return values;
}

} // namespace

Preprocess imagePreprocess(const EvaluationSettings& s) {
    Preprocess pre;
    pre.scale = float(s.scale);
    pre.mean = floatList("mean", s.mean);
    pre.std = floatList("std", s.std);
    pre.layout = s.layout == QLatin1String("nchw")   ? Layout::NCHW
                 : s.layout == QLatin1String("nhwc") ? Layout::NHWC
                                                     : Layout::Auto;
    return pre;
}

namespace {

// `act`: layers with an activation grid (quantized runs), run on the int8 kernels.
void evaluateImages(const Model& model, const EvaluationSettings& s, const JobContext& job, EvaluationRun& run,
                    const std::vector<quant::QuantizedLayer>& act = {}) {
    const Preprocess pre = imagePreprocess(s);
    job.report(0, kPreparingModel);
    engine::Executor executor(model, {.layers = act});
    job.checkCancel();
    // Image folders are decoded and resized to what the model takes.
    job.report(0, kLoadingData);
    const ImageDataset data = loadDataset(s.dataPath.toStdString(), inputGeometry(executor, pre.layout));
    job.checkCancel();

    // The batches evaluateClassifier will run, to turn its fraction into "batch k/n".
    const auto& input = executor.inputs();
    const int64_t declared = !input.empty() && !input[0].shape.empty() ? input[0].shape[0] : 0;
    const int64_t batch = declared > 0 ? declared : kClassifierBatch;
    const int64_t samples = s.limit > 0 ? std::min(s.limit, data.count) : data.count;
    const int64_t batches = (samples + batch - 1) / batch;
    CountedStage stage(job, QT_TRANSLATE_NOOP("qb::JobStage", "batch %1/%2"));
    JobContext inner;
    inner.cancel = job.cancel;
    inner.progress = [&](double fraction, std::string_view) {
        const int64_t done = std::llround(fraction * double(samples));
        stage.report(fraction, (done + batch - 1) / batch, batches);
    };
    run.classifier = evaluateClassifier(executor, data, pre, s.limit, kClassifierBatch, inner);
}

// Greedy continuation of `prompt` (highest logit, first on ties, as Transformer::generateGreedy),
// one token at a time so a long sample can be cancelled.
std::vector<int32_t> greedySample(Transformer& model, const std::vector<int32_t>& prompt, int64_t count,
                                  const JobContext& job) {
    KvCache cache = model.newCache(1, int64_t(prompt.size()) + count - 1);
    std::vector<float> logits;
    std::vector<int32_t> out;
    CountedStage stage(job, QT_TRANSLATE_NOOP("qb::JobStage", "sample token %1/%2"));
    model.forward(prompt, cache, logits);
    const int64_t vocab = model.config().vocab;
    for (;;) {
        job.checkCancel();
        const float* last = logits.data() + logits.size() - size_t(vocab);
        out.push_back(int32_t(std::max_element(last, last + vocab) - last));
        stage.report(double(out.size()) / double(count), int64_t(out.size()), count);
        if (int64_t(out.size()) == count) {
            return out;
        }
        model.forward(std::span(&out.back(), 1), cache, logits);
    }
}

void evaluateText(const Model& model, const EvaluationSettings& s, const JobContext& job, EvaluationRun& run,
                  const std::vector<quant::QuantizedLayer>& act = {}) {
    const std::string path = s.dataPath.toStdString();
    job.report(0, kTokenizing);
    const BpeTokenizer tokenizer = loadTokenizer(model);
    TextDataset data = loadTextDataset(path, tokenizer);
    job.checkCancel();
    job.report(0, kPreparingModel);
    Transformer transformer(model);
    if (!act.empty()) transformer.setInputTransform(quant::llmInputTransform(model, act));
    const int64_t context = s.effectiveContext(model);
    // A window limit keeps the first windows: BOS + limit chunks of context-1 tokens.
    if (s.windowLimit > 0 && context > 1) {
        const auto keep = uint64_t(s.windowLimit) * uint64_t(context - 1) + 1;
        if (keep < data.tokens.size()) {
            data.tokens.resize(size_t(keep));
        }
    }
    const auto windows = int64_t(textChunks(data.tokens, context, path).size());
    CountedStage stage(job, QT_TRANSLATE_NOOP("qb::JobStage", "window %1/%2"));
    JobContext inner;
    inner.cancel = job.cancel;
    inner.progress = [&](double fraction, std::string_view) {
        stage.report(fraction, std::llround(fraction * double(windows)), windows);
    };
    run.language = evaluatePerplexity(transformer, data.tokens, tokenizer.bos(), {.context = context}, inner, path);
    run.context = context;

    run.prompt = s.prompt;
    std::vector<int32_t> ids = tokenizer.encode(s.prompt.toStdString(), true);
    const int64_t room = model.llama->maxSeqLen - int64_t(ids.size()) + 1;
    if (room <= 0) {
        throw Error("prompt", "the prompt has " + std::to_string(ids.size()) + " tokens with the BOS, the model takes " +
                                  std::to_string(model.llama->maxSeqLen));
    }
    const std::vector<int32_t> generated =
        greedySample(transformer, ids, std::min<int64_t>(std::max(1, s.sampleTokens), room), job);
    ids.insert(ids.end(), generated.begin(), generated.end());
    run.sample = QString::fromStdString(tokenizer.decode(ids));
}

} // namespace

EvaluationRun evaluateModel(const std::shared_ptr<const Model>& model, const EvaluationSettings& settings,
                            const JobContext& job) {
    EvaluationRun run;
    run.modelPath = QString::fromStdString(model->path);
    run.dataPath = settings.dataPath;
    run.settings = settings.summary(*model);
    if (settings.dataPath.isEmpty()) {
        throw Error(model->path, "no evaluation data given");
    }
    if (model->llama) {
        evaluateText(*model, settings, job, run);
    } else {
        evaluateImages(*model, settings, job, run);
    }
    return run;
}

EvaluationRun evaluateQuantized(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                const EvaluationSettings& settings, const JobContext& job) {
    if (settings.dataPath.isEmpty()) {
        throw Error(model->path, "no evaluation data given");
    }
    job.report(0, kPreparingModel);
    const quant::QuantizedModel q = quant::quantizedModel(*model, quantization.layers);
    const std::vector<quant::QuantizedLayer>& act = q.activationLayers;
    const quant::PlanSize size = quant::quantizedSize(quantization.layers);
    EvaluationRun run;
    run.modelPath = QString::fromStdString(model->path);
    run.dataPath = settings.dataPath;
    run.settings = settings.summary(*model);
    run.variant = QCoreApplication::translate("qb::Evaluation", "%1 · %2 bpw%3")
                      .arg(QString::fromStdString(quantization.method))
                      .arg(size.bitsPerWeight(), 0, 'f', 2)
                      .arg(act.empty() ? QString() : QStringLiteral(" · W8A8"));
    if (q.model.llama) {
        evaluateText(q.model, settings, job, run, act);
    } else {
        evaluateImages(q.model, settings, job, run, act);
    }
    return run;
}

std::vector<EvaluationRun> evaluateSideBySide(const std::shared_ptr<const Model>& model,
                                              const ProjectQuantization& quantization,
                                              const EvaluationSettings& settings, const JobContext& job) {
    // Each half of the bar; the stage texts stay the inner ones.
    const auto half = [&](double offset) {
        JobContext j;
        j.cancel = job.cancel;
        if (job.progress) j.progress = [&job, offset](double f, std::string_view s) { job.report(offset + 0.5 * f, s); };
        return j;
    };
    std::vector<EvaluationRun> runs;
    runs.push_back(evaluateModel(model, settings, half(0.0)));
    runs.back().variant = QStringLiteral("fp32");
    runs.push_back(evaluateQuantized(model, quantization, settings, half(0.5)));
    return runs;
}

} // namespace qb
