#include "core/pipeline/compare_llm.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/calib/llm_taps.h"
#include "core/datasets/text_dataset.h"
#include "core/llm/transformer.h"
#include "core/quant/apply_quantized.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::pipeline {

namespace {

// A language model as ModelRunner runs it (transformer_runner.cpp): fp32, or the quantization's
// weights with the input transform of its layers that have an activation grid.
struct PreparedLlm {
    std::unique_ptr<quant::QuantizedModel> quantized; // null: fp32
    std::unique_ptr<Transformer> transformer;
    MatmulInputTransform transform;

    PreparedLlm(const Model& model, const ProjectQuantization* q) {
        if (!q) {
            transformer = std::make_unique<Transformer>(model);
            return;
        }
        quantized = std::make_unique<quant::QuantizedModel>(quant::quantizedModel(model, q->layers));
        transformer = std::make_unique<Transformer>(quantized->model);
        if (!quantized->activationLayers.empty()) {
            transform = quant::llmInputTransform(quantized->model, quantized->activationLayers);
            transformer->setInputTransform(transform);
        }
    }
};

// The weight matrix [out, in] of the matmul (layer, role); layer -1 is the head.
const float* matmulWeight(const LlamaWeights& w, int64_t layer, std::string_view role) {
    if (layer < 0) return w.output;
    const LayerWeights& l = w.layers.at(size_t(layer));
    if (role == "attn_q") return l.wq;
    if (role == "attn_k") return l.wk;
    if (role == "attn_v") return l.wv;
    if (role == "attn_output") return l.wo;
    if (role == "ffn_gate") return l.gate;
    if (role == "ffn_up") return l.up;
    return l.down;
}

double sumOfSquares(const float* a, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += double(a[i]) * a[i];
    return s;
}

double squaredDistance(const float* a, const float* b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
    return s;
}

double decibels(double signal, double noise) {
    return noise == 0 ? std::numeric_limits<double>::infinity() : 10.0 * std::log10(signal / noise);
}

// A context reporting into [from, to] of `job`, its stage text prefixed by `what`.
JobContext within(const JobContext& job, double from, double to, const std::string& what) {
    JobContext j;
    j.cancel = job.cancel;
    if (job.progress)
        j.progress = [&job, from, to, what](double f, std::string_view s) {
            job.report(from + (to - from) * f, what + ": " + std::string(s));
        };
    return j;
}

} // namespace

std::string tokenText(const Vocabulary& v, int64_t id) {
    if (id < 0 || size_t(id) >= v.pieces.size()) return "";
    const std::string& piece = v.pieces[size_t(id)];
    const TokenType type = size_t(id) < v.types.size() ? v.types[size_t(id)] : TokenType::Normal;
    if (type == TokenType::Control) return "";
    if (type == TokenType::Byte && piece.size() == 6 && piece.rfind("<0x", 0) == 0)
        return std::string(1, char(std::stoi(piece.substr(3, 2), nullptr, 16)));
    std::string out;
    for (size_t i = 0; i < piece.size();) {
        if (!v.space.empty() && piece.compare(i, v.space.size(), v.space) == 0) {
            out += ' ';
            i += v.space.size();
        } else {
            out += piece[i++];
        }
    }
    return out;
}

std::string GeneratedText::text() const {
    std::string s;
    for (const std::string& p : pieces) s += p;
    return s;
}

std::vector<LayerSqnr> llmLayerSqnr(const std::shared_ptr<const Model>& model, const ProjectQuantization& quantization,
                                    const DataSpec& data, int64_t windows, const JobContext& job) {
    if (!data.isText())
        throw Error(data.path, "a language model reads a UTF-8 .txt file (" + model->path + " is '" + model->architecture + "')");
    job.report(0, "layers: tokenizing");
    const BpeTokenizer tokenizer = loadTokenizer(*model);
    const TextDataset text = loadTextDataset(data.path, tokenizer);
    const auto chunks = textChunks(text.tokens, effectiveContext(data, *model), data.path);
    const size_t n = std::min(chunks.size(), size_t(std::max<int64_t>(0, windows)));
    const std::vector<LlmTap> taps = llmTaps(*model);
    std::set<std::string> planned;
    for (const auto& l : quantization.layers) planned.insert(l.name);

    PreparedLlm ref(*model, nullptr), run(*model, &quantization);
    const LlamaWeights quantizedWeights = bindLlamaWeights(run.quantized->model);
    const LlamaConfig& config = ref.transformer->config();
    Matmul alone;

    // Per tap: fp32's output energy, the whole plan's and the layer alone's squared error.
    struct Sums {
        double signal = 0, noise = 0, localNoise = 0;
    };
    std::vector<Sums> sums(taps.size());
    std::vector<std::vector<float>> refOut(taps.size()); // fp32's outputs of the current layer
    std::vector<int> seen(taps.size()); // per window: 1 fp32's output observed, 2 both runs'
    std::vector<float> input, local;
    const auto tapOf = [&](int64_t layer, const char* role) {
        const int64_t t = llmTapIndex(config, layer, role);
        if (t < 0) throw Error(model->path, "matmul " + std::string(role) + " of layer " + std::to_string(layer) + " is not tapped");
        return size_t(t);
    };
    const auto isPlanned = [&](size_t t) { return planned.count(taps[t].weight->name) > 0; };
    // fp32: keep each planned matmul's input, as the layer alone would see it (its grid applied).
    ref.transformer->setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        if (!isPlanned(tapOf(layer, role))) return;
        input.assign(x, x + rows * cols);
        if (run.transform) run.transform(layer, role, input.data(), rows, cols);
    });
    ref.transformer->setOutputObserver([&](int64_t layer, const char* role, const float* y, int64_t rows, int64_t cols) {
        const size_t t = tapOf(layer, role), size = size_t(rows * cols);
        refOut[t].assign(y, y + size);
        seen[t] = 1;
        sums[t].signal += sumOfSquares(y, size);
        if (!isPlanned(t)) return;
        local.resize(size);
        const int64_t k = int64_t(input.size()) / rows;
        alone.run(input.data(), matmulWeight(quantizedWeights, layer, role), local.data(), rows, k, cols);
        sums[t].localNoise += squaredDistance(y, local.data(), size);
    });
    run.transformer->setOutputObserver([&](int64_t layer, const char* role, const float* y, int64_t rows, int64_t cols) {
        const size_t t = tapOf(layer, role), size = size_t(rows * cols);
        if (seen[t] != 1 || refOut[t].size() != size)
            throw Error(taps[t].weight->name, "output sizes differ between fp32 and quantized runs");
        sums[t].noise += squaredDistance(refOut[t].data(), y, size);
        seen[t] = 2;
    });

    // fp32 and the whole plan in step, one decoder layer at a time, so that only one layer's
    // outputs are held.
    std::vector<int32_t> tokens;
    std::vector<float> xRef, xRun, logits;
    for (size_t w = 0; w < n; ++w) {
        job.checkCancel();
        std::fill(seen.begin(), seen.end(), 0);
        tokens.assign(1, tokenizer.bos());
        tokens.insert(tokens.end(), chunks[w].begin(), chunks[w].end());
        const auto len = int64_t(tokens.size());
        ref.transformer->embed(tokens, xRef);
        run.transformer->embed(tokens, xRun);
        KvCache refCache = ref.transformer->newCache(1, len), runCache = run.transformer->newCache(1, len);
        for (int64_t l = 0; l < config.layers; ++l) {
            job.checkCancel(); // a large model's window takes a while
            ref.transformer->runLayer(l, xRef.data(), len, refCache, l);
            run.transformer->runLayer(l, xRun.data(), len, runCache, l);
        }
        ref.transformer->head(xRef.data(), len, logits);
        run.transformer->head(xRun.data(), len, logits);
        // A matmul whose output the transformer did not report would silently keep old figures.
        for (size_t t = 0; t < taps.size(); ++t)
            if (seen[t] != 2) throw Error(taps[t].weight->name, "this matmul's output was not observed in both runs");
        job.report(double(w + 1) / double(n), "layers: window " + std::to_string(w + 1) + "/" + std::to_string(n));
    }

    std::vector<LayerSqnr> table;
    for (size_t t = 0; t < taps.size(); ++t) {
        LayerSqnr row;
        row.name = taps[t].weight->name;
        row.quantized = isPlanned(t);
        row.accumulatedDb = decibels(sums[t].signal, sums[t].noise);
        row.localDb = row.quantized ? decibels(sums[t].signal, sums[t].localNoise) : std::numeric_limits<double>::infinity();
        table.push_back(std::move(row));
    }
    return table;
}

std::vector<Generation> generationPrompts(const Model& model, const DataSpec& data, const CompareOptions& options) {
    const BpeTokenizer tokenizer = loadTokenizer(model);
    std::vector<Generation> g;
    if (!options.prompts.empty()) {
        for (const std::string& p : options.prompts) g.push_back({p, tokenizer.encode(p, true), {}});
    } else {
        const TextDataset text = loadTextDataset(data.path, tokenizer);
        const auto chunks = textChunks(text.tokens, effectiveContext(data, model), data.path);
        const size_t n = std::min(chunks.size(), size_t(std::max<int64_t>(0, options.generatePrompts)));
        for (size_t k = 0; k < n; ++k) {
            Generation p;
            p.promptTokens.assign(1, tokenizer.bos());
            const size_t take = std::min(chunks[k].size(), size_t(std::max<int64_t>(1, options.promptTokens)));
            p.promptTokens.insert(p.promptTokens.end(), chunks[k].begin(), chunks[k].begin() + ptrdiff_t(take));
            for (size_t i = 1; i < p.promptTokens.size(); ++i) p.prompt += tokenText(tokenizer.vocabulary(), p.promptTokens[i]);
            g.push_back(std::move(p));
        }
    }
    const int64_t maxLen = model.llama ? model.llama->maxSeqLen : 0;
    for (const Generation& p : g)
        if (int64_t(p.promptTokens.size()) + options.generateTokens - 1 > maxLen)
            throw Error("prompt", "\"" + p.prompt + "\" has " + std::to_string(p.promptTokens.size()) +
                                      " tokens with the BOS; with " + std::to_string(options.generateTokens) +
                                      " to generate that exceeds the model's context of " + std::to_string(maxLen));
    return g;
}

void generateRun(const std::shared_ptr<const Model>& model, const ProjectQuantization* quantization,
                 std::vector<Generation>& generations, int64_t count, const JobContext& job) {
    if (generations.empty()) return;
    const BpeTokenizer tokenizer = loadTokenizer(*model);
    PreparedLlm llm(*model, quantization);
    const double n = double(generations.size());
    for (size_t k = 0; k < generations.size(); ++k) {
        Generation& g = generations[k];
        GeneratedText r;
        r.tokens = llm.transformer->generateGreedy(
            g.promptTokens, count,
            within(job, double(k) / n, double(k + 1) / n, "prompt " + std::to_string(k + 1) + "/" + std::to_string(generations.size())));
        for (const int32_t id : r.tokens) r.pieces.push_back(tokenText(tokenizer.vocabulary(), id));
        if (!g.runs.empty()) {
            const std::vector<int32_t>& fp32 = g.runs.front().tokens;
            const auto [a, b] = std::mismatch(fp32.begin(), fp32.end(), r.tokens.begin(), r.tokens.end());
            if (a != fp32.end() || b != r.tokens.end()) r.divergesAt = int64_t(b - r.tokens.begin());
        }
        g.runs.push_back(std::move(r));
    }
}

} // namespace qb::pipeline
