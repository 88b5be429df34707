#include "core/pipeline/held_out.h"

#include <algorithm>
#include <string>

#include "core/calib/calibration_stats.h"
#include "core/datasets/text_dataset.h"
#include "core/eval/perplexity.h"
#include "core/llm/transformer.h"
#include "core/quant/apply_quantized.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::pipeline {

HeldOutText heldOutWindows(const Model& model, const DataSpec& data, int64_t count, int64_t firstWindows,
                           const std::vector<CalibrationSettings>& calibrations) {
    if (!model.llama)
        throw Error(model.path, "held-out windows are text windows, and only a language model reads text (this is '" +
                                    model.architecture + "')");
    if (!data.isText()) throw Error(data.path, "held-out windows need a UTF-8 .txt file");
    if (count < 1) throw Error(data.path, "asked for " + std::to_string(count) + " held-out windows");
    const int64_t context = effectiveContext(data, model);
    const BpeTokenizer tokenizer = loadTokenizer(model);
    HeldOutText out;
    out.tokens = loadTextDataset(data.path, tokenizer).tokens;
    out.bos = tokenizer.bos();
    const auto all = textChunks(out.tokens, context, data.path);
    std::vector<bool> used(all.size(), false);
    for (int64_t k = 0; k < std::min<int64_t>(firstWindows, int64_t(all.size())); ++k) used[size_t(k)] = true;
    int64_t calibrationWindows = 0;
    for (const CalibrationSettings& c : calibrations) {
        if (c.samples <= 0) continue;
        for (const int64_t k : chooseSamples(int64_t(all.size()), c.samples, c.seed)) {
            calibrationWindows += k >= firstWindows && !used[size_t(k)];
            used[size_t(k)] = true;
        }
    }
    std::vector<int64_t> free;
    for (size_t k = 0; k < all.size(); ++k)
        if (!used[k] && int64_t(all[k].size()) == context - 1) free.push_back(int64_t(k));
    if (int64_t(free.size()) < count)
        throw Error(data.path, "has " + std::to_string(free.size()) + " full windows of " + std::to_string(context) +
                                   " tokens besides the " + std::to_string(firstWindows) + " first and " +
                                   std::to_string(calibrationWindows) + " more that calibration reads, fewer than the " +
                                   std::to_string(count) + " held-out windows asked for");
    for (int64_t k = 0; k < count; ++k) {
        const int64_t i = free[size_t(k * int64_t(free.size()) / count)];
        out.indexes.push_back(i);
        out.windows.push_back(all[size_t(i)]);
    }
    return out;
}

std::vector<double> heldOutNll(const Model& model, const ProjectQuantization* quantization, const HeldOutText& text,
                               const JobContext& job) {
    if (!quantization) {
        Transformer t(model);
        return windowNll(t, text.windows, text.bos, job);
    }
    // As evaluate runs it: applyQuantized weights, and the activation grids' input transform.
    quant::QuantizedModel q = quant::quantizedModel(model, quantization->layers);
    Transformer t(q.model);
    if (!q.activationLayers.empty()) t.setInputTransform(quant::llmInputTransform(q.model, std::move(q.activationLayers)));
    return windowNll(t, text.windows, text.bos, job);
}

} // namespace qb::pipeline
