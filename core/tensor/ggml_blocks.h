// Decoders for ggml's block-quantized tensor types, written from the ggml/GGUF format
// documentation. Each takes n elements (a multiple of the block size) of raw blocks.
#pragma once
#include <cstdint>

namespace qb::ggml {

void dequantQ4_0(const void* src, float* dst, int64_t n);
void dequantQ4_1(const void* src, float* dst, int64_t n);
void dequantQ5_0(const void* src, float* dst, int64_t n);
void dequantQ5_1(const void* src, float* dst, int64_t n);
void dequantQ8_0(const void* src, float* dst, int64_t n);
void dequantQ8_1(const void* src, float* dst, int64_t n);
void dequantQ2_K(const void* src, float* dst, int64_t n);
void dequantQ3_K(const void* src, float* dst, int64_t n);
void dequantQ4_K(const void* src, float* dst, int64_t n);
void dequantQ5_K(const void* src, float* dst, int64_t n);
void dequantQ6_K(const void* src, float* dst, int64_t n);
void dequantQ8_K(const void* src, float* dst, int64_t n);

} // namespace qb::ggml
