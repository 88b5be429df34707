// The weights of a llama-family decoder bound by role from a qb::Model, whatever file they came
// from: GGUF names (GGUF and llama2.c checkpoints) or Hugging Face names (safetensors). Every shape
// is checked against the config before anything runs.
#pragma once
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "core/model/llama_config.h"
#include "core/model/model.h"

namespace qb {

/// Which dimensions of a head RoPE rotates together. llama2.c and GGUF (Meta's layout) rotate
/// adjacent pairs (2i, 2i+1); Hugging Face checkpoints store q/k rows permuted so that the pairs
/// are (i, i + ropeDim/2) ("rotate_half").
enum class RopeStyle { AdjacentPairs, Halves };

struct LayerWeights {
    const float* attnNorm;
    const float* wq; ///< [heads*headDim, dim], row-major [out, in] like every matrix here
    const float* wk; ///< [kvHeads*headDim, dim]
    const float* wv; ///< [kvHeads*headDim, dim]
    const float* wo; ///< [dim, heads*headDim]
    const float* ffnNorm;
    const float* gate; ///< [hiddenDim, dim]
    const float* up;   ///< [hiddenDim, dim]
    const float* down; ///< [dim, hiddenDim]
};

/// A matmul weight the model stores in Q8_0 or Q4_0 blocks, which the integer kernels
/// (int_matmul.h) run: the f32 copy bound in its role's slot, and the blocks. The transformer
/// uses the blocks while the slot still holds that pointer.
struct BlockWeight {
    const float* f32 = nullptr;
    std::string name;
    DType type = DType::Q8_0;
    std::span<const std::byte> bytes; ///< a view into the model's storage
    int64_t rows = 0, cols = 0;
};

struct LlamaWeights {
    LlamaConfig config;
    RopeStyle rope = RopeStyle::AdjacentPairs;
    const float* embedding = nullptr;  ///< [vocab, dim]
    const float* outputNorm = nullptr; ///< [dim]
    const float* output = nullptr;     ///< [vocab, dim]; the embedding when tied
    std::vector<LayerWeights> layers;
    /// Every bound matrix stored in Q8_0 or Q4_0 (the embedding too: a tied output head reads it).
    std::vector<BlockWeight> blockWeights;
    /// f32 copies of tensors stored in other dtypes or unaligned, and the model's mapped files.
    std::vector<std::shared_ptr<const void>> storage;
};

/// The Hugging Face LlamaForCausalLM name of layer l's weight of GGUF role `role` ("attn_q" ->
/// "model.layers.<l>.self_attn.q_proj.weight").
std::string huggingFaceLayerName(int64_t l, const char* role);

/// Which weights bindLlamaWeights decodes; the others stay null. A pass that runs one decoder
/// block at a time (quant/llm_block_inputs.h) binds one part at a time, so that only that part's
/// f32 copies exist.
struct LlamaParts {
    bool embedding = true;
    bool head = true;        ///< the final norm and the output matrix (the embedding when tied)
    int64_t layerBegin = 0;  ///< the decoder layers [layerBegin, layerEnd)
    int64_t layerEnd = -1;   ///< -1: through the last layer
    static LlamaParts none() { return {false, false, 0, 0}; }
    static LlamaParts layer(int64_t l) { return {false, false, l, l + 1}; }
    static LlamaParts outputHead() { return {false, true, 0, 0}; }
    static LlamaParts embeddingOnly() { return {true, false, 0, 0}; }
};

/// Throws qb::Error(model.path, ...) if the model is not a llama decoder, a tensor is missing, or
/// a tensor's shape disagrees with the config. A partial binding checks only the tensors it binds
/// and releases the mapped file's pages of each tensor it copies (the copy is what runs).
LlamaWeights bindLlamaWeights(const Model& model, const LlamaParts& parts = {});

} // namespace qb
