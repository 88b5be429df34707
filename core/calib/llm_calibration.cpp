#include "core/calib/calibration_stats.h"
#include "core/calib/llm_calibration.h"

#include <memory>

#include "core/calib/llm_taps.h"
#include "core/llm/transformer.h"

namespace qb {

Calibration calibrateLlm(const Model& model, std::span<const int32_t> tokens, int32_t bos,
                         const CalibrationSettings& settings, const JobContext& job) {
    const std::vector<LlmTap> taps = llmTaps(model);
    const LlmWindows windows = llmWindows(model, tokens, settings);
    Transformer tf(model);

    // q/k/v read the same normed input, and so do gate/up: one observer serves each group.
    std::vector<std::shared_ptr<ActivationObserver>> observers; // per tap, in execution order
    uint64_t seed = settings.seed;
    for (const LlmTap& t : taps)
        observers.push_back(t.sameInputAs >= 0 ? observers[size_t(t.sameInputAs)]
                                               : std::make_shared<ActivationObserver>(ObserverOptions{.seed = ++seed}));

    tf.setObserver([&](int64_t layer, const char* role, const float* x, int64_t rows, int64_t cols) {
        const int64_t i = llmTapIndex(*model.llama, layer, role);
        if (i < 0 || taps[size_t(i)].sameInputAs >= 0) return; // the group's first tap observes
        const int64_t shape[2] = {rows, cols};
        observers[size_t(i)]->observe(std::span(x, size_t(rows * cols)), ChannelLayout{shape, -1});
    });
    runWindows(tf, windows, bos, "calibrating", job);

    Calibration cal;
    cal.settings = settings;
    cal.settings.context = windows.context;
    cal.samplesUsed = int64_t(windows.chunks.size());
    std::vector<const TensorEntry*> weights;
    std::vector<const ActivationObserver*> obs;
    for (size_t i = 0; i < taps.size(); ++i) {
        weights.push_back(taps[i].weight);
        obs.push_back(&*observers[i]);
    }
    cal.layers = layerStats(weights, obs, settings, job);
    return cal;
}

} // namespace qb
