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
    LlmBlockInputs blocks(m, tokens, bos, s, o);
    std::map<std::string, LayerInputs> out;
    for (int64_t b = 0; b <= blocks.blocks(); ++b) {
        out.merge(blocks.collect(b, job));
        if (b < blocks.blocks()) blocks.advance(b, blocks.modelWeights(b), job);
    }
    return out;
}

} // namespace qb::quant
