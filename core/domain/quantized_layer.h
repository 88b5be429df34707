// One layer's quantization result, whatever the method: the weight in a scheme of the table,
// optionally with per-input-channel scales (AWQ, SmoothQuant) and a static activation range (W8A8).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/domain/quantized_tensor.h"

namespace qb::quant {

/// Static activation quantization of the layer's input: x_q = clamp(round(x / scale) + zero).
struct ActivationQuant {
    int bits = 8;
    float scale = 1;
    int32_t zero = 0;      ///< 0 for symmetric (signed) activations
    bool isUnsigned = false;
};

/// Orientation: `weight` is always [rows = output channels, cols = everything else], i.e. the stored
/// tensor with its channelAxis moved first (Conv OIHW and GGUF/HF [out, in] as stored; ONNX MatMul
/// [K, N] and Keras Dense [in, out] transposed; Keras Conv HWIO as [O, H*W*I]).
struct QuantizedLayer {
    std::string name;        ///< the weight tensor's name in the model
    std::string method;      ///< "rtn", "gptq", "awq", "smoothquant", "float"
    QuantizedTensor weight;  ///< codes of W * diag(inputScale) when inputScale is set
    /// Empty, or one factor s per input column: the stored weight is W * diag(s) and the layer's
    /// input is divided by s before it is (optionally) quantized, so y = (x / s) (W s)^T.
    std::vector<float> inputScale;
    std::optional<ActivationQuant> activation;
};

} // namespace qb::quant
