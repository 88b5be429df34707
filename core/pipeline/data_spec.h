// What calibrate, quantize and evaluate read: one description of the data and its preparation,
// shared by the CLI's options and the GUI's dialogs.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/datasets/preprocess.h"
#include "core/model/model.h"

namespace qb::pipeline {

/// Language models read a UTF-8 .txt file in windows; everything else reads images (IDX, .npy/.npz,
/// image folders) prepared as `image` says.
struct DataSpec {
    std::string path;
    Preprocess image;     ///< scale, mean, std, layout (images only)
    int64_t context = 0;  ///< text windows: tokens incl. BOS; 0 = defaultContext(model)

    /// True for a .txt file, which only a language model reads.
    bool isText() const;
    /// "scale 0.003922, mean 0, std 1" or "context 256": how the samples were prepared, as stored
    /// in a project's calibration settings.
    std::string summary(const Model& model) const;
};

/// True when `model` reads text in windows (a language model), false when it reads images.
bool readsText(const Model& model);
/// The longest window `model` takes (its maximum sequence length); 0 when it reads images.
int64_t maxContext(const Model& model);

/// Window length when none is given: min(512, the model's maximum); 0 for non-language models.
int64_t defaultContext(const Model& model);
/// `spec.context`, or defaultContext(model) when it is 0.
int64_t effectiveContext(const DataSpec& spec, const Model& model);

/// "0.5,0.25" -> {0.5, 0.25}. Throws qb::Error(what, ...) for anything but finite numbers and
/// commas, or an empty list.
std::vector<float> parseNumberList(const std::string& what, std::string_view text);
/// "nchw", "nhwc", or "" / "auto"; throws qb::Error(what, ...) for anything else.
Layout parseLayout(const std::string& what, std::string_view text);

} // namespace qb::pipeline
