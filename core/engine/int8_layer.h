// What the int8 Conv/Gemm/MatMul kernels (dnnl_int8_ops.cpp) get for one W8A8 node.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "core/engine/cpu_isa.h"
#include "core/domain/quantized_layer.h"

namespace qb::engine {

struct Int8Layer {
    const quant::QuantizedLayer* layer = nullptr; ///< the model weight's codes and activation range
    /// Per-output-channel factors graph folds multiplied the weights by (BN, Mul); empty for none.
    std::vector<float> channelScale;
    ActivationGrid grid; ///< how the node's input is quantized on this CPU
    /// The input runs as s8 codes q = u - 128 without a zero point: a full-range signed grid on a
    /// VNNI CPU (oneDNN's reorder to u8 with a zero point is 50x slower than to s8 without).
    bool signedCodes = false;
    /// Set when every reader of the node's output is an int8 Conv with this input grid (and the
    /// same signedCodes): the node writes their 8-bit codes (Int8Options::chain).
    std::optional<ActivationGrid> outputGrid;
    bool outputSigned = false;
};

} // namespace qb::engine
