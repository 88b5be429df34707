#include "app/cli/calibration_data.h"

#include <filesystem>
#include <sstream>

#include "app/cli/eval_text.h"
#include "core/engine/input_geometry.h"
#include "core/calib/graph_calibration.h"
#include "core/calib/llm_calibration.h"
#include "core/engine/graph_executor.h"
#include "core/datasets/image_dataset.h"
#include "core/datasets/text_dataset.h"
#include "core/tokenizer/tokenizer_loader.h"
#include "core/util/error.h"

namespace qb::cli {

std::vector<float> numberList(const std::string& option, const std::string& text) {
    std::vector<float> r;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        size_t used = 0;
        try {
            r.push_back(std::stof(item, &used));
        } catch (const std::exception&) {
            used = 0;
        }
        if (used == 0 || used != item.size()) throw Error(option, "'" + text + "' is not a comma-separated list of numbers");
    }
    if (r.empty()) throw Error(option, "needs at least one value");
    return r;
}

Preprocess ImageOptions::preprocess() const {
    Preprocess pre;
    pre.scale = scale;
    pre.mean = numberList("--mean", mean);
    pre.std = numberList("--std", std);
    pre.layout = layout == "nchw" ? Layout::NCHW : layout == "nhwc" ? Layout::NHWC : Layout::Auto;
    return pre;
}

std::string ImageOptions::summary() const {
    return "scale " + std::to_string(scale) + ", mean " + mean + ", std " + std + (layout.empty() ? "" : ", layout " + layout);
}

Calibration calibrateOn(const Model& m, const std::string& data, const ImageOptions& images, CalibrationSettings s,
                        const JobContext& job) {
    s.dataPath = std::filesystem::absolute(data).lexically_normal().string();
    if (isTextData(data)) {
        if (!m.llama)
            throw Error(m.path, "text data needs a llama-family language model (this is '" + m.architecture + "')");
        const BpeTokenizer tok = loadTokenizer(m);
        const TextDataset text = loadTextDataset(data, tok);
        s.preprocessing = "text windows";
        return calibrateLlm(m, text.tokens, tok.bos(), s, job);
    }
    const Preprocess pre = images.preprocess();
    s.preprocessing = images.summary();
    engine::Executor probe(m); // the geometry image folders are decoded to
    const ImageDataset set = loadDataset(data, inputGeometry(probe, pre.layout));
    return calibrateGraph(m, set, pre, s, job);
}

} // namespace qb::cli
