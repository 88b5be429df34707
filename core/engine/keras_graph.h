// Keras frontend: turns a Keras HDF5 model's layer list (Model::nodes, each carrying its layer
// config as the string attribute "config") into an equivalent ONNX-style op graph for the Executor.
//
// Keras computes channels_last; oneDNN's conv and pooling run here on NCHW. A 4-D value is
// therefore transposed to NCHW once, before the first layer that needs it, and back to NHWC only
// where Keras semantics depend on the axis order (Flatten, Dense, Reshape, the graph outputs), so
// Flatten yields Keras' HWC feature order. Conv kernels (HWIO) are transposed to OIHW at load.
#pragma once
#include "core/engine/graph_executor.h"

namespace qb::engine {

/// Supported layers: InputLayer, Dense, Conv2D (valid/same, strides, dilation, groups),
/// DepthwiseConv2D, MaxPooling2D, AveragePooling2D, GlobalAveragePooling2D, GlobalMaxPooling2D,
/// BatchNormalization, Flatten, Reshape, Dropout, SpatialDropout2D, Activation, ReLU, LeakyReLU,
/// ELU, Softmax, Add, Subtract, Multiply, Average, Concatenate; activations linear, relu, relu6,
/// sigmoid, hard_sigmoid, tanh, softmax, elu, selu, swish/silu, exponential.
/// Throws qb::Error(model.path, "layer '<name>' (<Class>): ...") for the first layer it cannot
/// translate, or naming a weight that is missing or has the wrong shape.
Graph kerasGraph(const Model& model);

} // namespace qb::engine
