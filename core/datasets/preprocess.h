// How image samples become model input: scaling, per-channel normalisation and layout.
#pragma once
#include <vector>

namespace qb {

enum class Layout { Auto, NCHW, NHWC };

/// x = (pixel * scale - mean[c]) / std[c]; a single mean/std value applies to every channel.
/// Layout: the order the model takes a [C,H,W]-or-[H,W,C] sample in; Auto picks NHWC when the
/// model's sample shape ends in 1 or 3 channels and does not start with them, else NCHW.
struct Preprocess {
    float scale = 1.f;
    std::vector<float> mean{0.f};
    std::vector<float> std{1.f};
    Layout layout = Layout::Auto;
};

} // namespace qb
