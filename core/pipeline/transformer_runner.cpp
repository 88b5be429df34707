// ModelRunner for llama-family language models on UTF-8 text.
#include <algorithm>
#include <chrono>

#include "core/calib/llm_calibration.h"
#include "core/datasets/text_dataset.h"
#include "core/eval/perplexity.h"
#include "core/llm/transformer.h"
#include "core/pipeline/runners.h"
#include "core/quant/apply_quantized.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

class TransformerRunner final : public ModelRunner {
public:
    TransformerRunner(std::shared_ptr<const Model> model, std::vector<quant::QuantizedLayer> act)
        : model_(std::move(model)), act_(std::move(act)) {}

    const Model& model() const override { return *model_; }

    Calibration calibrate(const DataSpec& data, CalibrationSettings s, const JobContext& job) override {
        s.dataPath = absolutePath(data.path);
        s.context = data.context;
        s.preprocessing = data.summary(*model_);
        job.report(0, "tokenizing");
        const BpeTokenizer tokenizer = loadTokenizer(*model_);
        const TextDataset text = loadText(data, tokenizer);
        job.checkCancel();
        return calibrateLlm(*model_, text.tokens, tokenizer.bos(), s, job);
    }

    EvaluationReport evaluate(const DataSpec& data, const EvaluateOptions& o, const JobContext& job) override {
        EvaluationReport r;
        r.modelPath = model_->path;
        r.dataPath = data.path;
        r.context = effectiveContext(data, *model_);
        r.settings = data.summary(*model_) + (o.limit > 0 ? ", " + std::to_string(o.limit) + " windows" : "");
        r.activationLayers = act_.size();
        auto [tokenizer, text, transformer] = load(data, o.limit, r.context, job);
        const auto windows = int64_t(textChunks(text.tokens, r.context, data.path).size());
        CountedStage stage(job, "window");
        r.language = evaluatePerplexity(transformer, text.tokens, tokenizer.bos(), {.context = r.context},
                                        stage.counting(windows), data.path);
        if (o.sampleTokens > 0) r.sample = greedySample(transformer, tokenizer, o, job);
        r.prompt = o.prompt;
        return r;
    }

    RawOutputs outputs(const DataSpec& data, int64_t limit, int64_t, const JobContext& job) override {
        const int64_t context = effectiveContext(data, *model_);
        auto [tokenizer, text, transformer] = load(data, limit, context, job);
        const auto chunks = textChunks(text.tokens, context, data.path);
        const int64_t vocab = transformer.config().vocab;
        RawOutputs r;
        CountedStage stage(job, "window");
        const auto t0 = std::chrono::steady_clock::now();
        std::vector<int32_t> input;
        std::vector<float> logits;
        for (size_t w = 0; w < chunks.size(); ++w) {
            job.checkCancel();
            input.assign(1, tokenizer.bos());
            input.insert(input.end(), chunks[w].begin(), chunks[w].end());
            KvCache cache = transformer.newCache(1, int64_t(input.size()));
            transformer.forward(input, cache, logits);
            // Row t predicts input[t + 1]; the last row predicts past the window.
            r.values.insert(r.values.end(), logits.begin(), logits.end() - vocab);
            r.labels.insert(r.labels.end(), input.begin() + 1, input.end());
            stage.report(double(w + 1) / double(chunks.size()), int64_t(w + 1), int64_t(chunks.size()));
        }
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.shape = {int64_t(r.labels.size()), vocab};
        return r;
    }

private:
    // The model as run: layers with an activation grid get their inputs divided by the smoothing
    // scales and fake-quantized to the calibrated grid before each matmul.
    Transformer prepared() const {
        Transformer transformer(*model_);
        if (!act_.empty()) transformer.setInputTransform(quant::llmInputTransform(*model_, act_));
        return transformer;
    }

    // What evaluating and running read: the tokenizer, the text cut to `limit` windows, the model.
    struct Loaded {
        BpeTokenizer tokenizer;
        TextDataset text;
        Transformer transformer;
    };
    Loaded load(const DataSpec& data, int64_t limit, int64_t context, const JobContext& job) const {
        job.report(0, "tokenizing");
        BpeTokenizer tokenizer = loadTokenizer(*model_);
        TextDataset text = loadText(data, tokenizer);
        job.checkCancel();
        job.report(0, "preparing the model");
        keepWindows(text, limit, context);
        return {std::move(tokenizer), std::move(text), prepared()};
    }

    // A window limit keeps the first windows: BOS + limit chunks of context-1 tokens.
    static void keepWindows(TextDataset& text, int64_t limit, int64_t context) {
        if (limit > 0 && context > 1) {
            const auto keep = uint64_t(limit) * uint64_t(context - 1) + 1;
            if (keep < text.tokens.size()) text.tokens.resize(size_t(keep));
        }
    }

    TextDataset loadText(const DataSpec& data, const BpeTokenizer& tokenizer) const {
        if (!data.isText())
            throw Error(data.path, "a language model reads a UTF-8 .txt file (" + model_->path + " is '" +
                                       model_->architecture + "')");
        return loadTextDataset(data.path, tokenizer);
    }

    // BOS + prompt and its greedy continuation, decoded.
    std::string greedySample(Transformer& transformer, const BpeTokenizer& tokenizer, const EvaluateOptions& o,
                             const JobContext& job) const {
        std::vector<int32_t> ids = tokenizer.encode(o.prompt, true);
        const int64_t room = model_->llama->maxSeqLen - int64_t(ids.size()) + 1;
        if (room <= 0)
            throw Error("prompt", "the prompt has " + std::to_string(ids.size()) + " tokens with the BOS, the model takes " +
                                      std::to_string(model_->llama->maxSeqLen));
        const std::vector<int32_t> generated =
            transformer.generateGreedy(ids, std::min<int64_t>(o.sampleTokens, room), job);
        ids.insert(ids.end(), generated.begin(), generated.end());
        return tokenizer.decode(ids);
    }

    std::shared_ptr<const Model> model_;
    std::vector<quant::QuantizedLayer> act_;
};

} // namespace

std::unique_ptr<ModelRunner> makeTransformerRunner(std::shared_ptr<const Model> model,
                                                   std::vector<quant::QuantizedLayer> activationLayers) {
    return std::make_unique<TransformerRunner>(std::move(model), std::move(activationLayers));
}

} // namespace qb::pipeline
