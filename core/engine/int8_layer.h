// What the int8 Conv/Gemm/MatMul kernels (dnnl_int8_ops.cpp) get for one W8A8 node.
#pragma once
#include <string>
#include <vector>

#include "core/engine/cpu_isa.h"
#include "core/quant/quantized_layer.h"

namespace qb::engine {

struct Int8Layer {
    const quant::QuantizedLayer* layer = nullptr; ///< the model weight's codes and activation range
    /// Per-output-channel factors graph folds multiplied the weights by (BN, Mul); empty for none.
    std::vector<float> channelScale;
    ActivationGrid grid; ///< how the node's input is quantized on this CPU
};

} // namespace qb::engine
