#include "core/quant/llm_inputs.h"

#include <optional>
#include <vector>

#include "core/calib/llm_taps.h"
#include "core/llm/transformer.h"
#include "core/util/error.h"

namespace qb::quant {

std::map<std::string, LayerInputs> collectLlmInputs(const Model& m, std::span<const int32_t> tokens, int32_t bos,
                                                    const CalibrationSettings& s, const LayerInputOptions& o,
                                                    const JobContext& job) {
    const std::vector<LlmTap> taps = llmTaps(m);
    const LlmWindows windows = llmWindows(m, tokens, s);
    Transformer tf(m);

    // Only the first tap of a same-input group accumulates; the others are filled in at the end.
    std::vector<std::optional<LayerInputs>> inputs(taps.size());
    tf.setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        const int64_t i = llmTapIndex(*m.llama, layer, role);
        if (i < 0 || taps[size_t(i)].sameInputAs >= 0) return;
        auto& in = inputs[size_t(i)];
        if (!in) {
            LayerInputOptions oi = o;
            oi.seed = o.seed + uint64_t(i);
            in.emplace(cols, oi);
        }
        in->add(std::span(x, size_t(rows * cols)), rows);
    });

    runWindows(tf, windows, bos, "collecting layer inputs", job);

    // Backwards, so that the taps sharing an input (always after its first reader) copy it before
    // the first reader takes it: a gram is cols^2 doubles, too big to copy needlessly.
    std::map<std::string, LayerInputs> out;
    for (size_t i = taps.size(); i-- > 0;) {
        const bool shared = taps[i].sameInputAs >= 0;
        const size_t src = shared ? size_t(taps[i].sameInputAs) : i;
        if (!inputs[src]) throw Error(m.path, "tensor '" + taps[i].weight->name + "': its input was never observed");
        out.insert_or_assign(taps[i].weight->name, shared ? *inputs[src] : std::move(*inputs[src]));
    }
    return out;
}

} // namespace qb::quant
