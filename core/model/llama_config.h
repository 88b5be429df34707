// Architecture of a llama-family decoder, as given by config.json, GGUF metadata or a llama2.c
// header.
#pragma once
#include <cstdint>

namespace qb {

struct LlamaConfig {
    int64_t dim = 0;            ///< hidden size
    int64_t hiddenDim = 0;      ///< FFN (intermediate) size
    int64_t layers = 0;
    int64_t heads = 0;
    int64_t kvHeads = 0;
    int64_t vocab = 0;
    int64_t maxSeqLen = 0;
    int64_t headDim = 0;        ///< dim / heads unless the config says otherwise
    int64_t ropeDim = 0;        ///< rotated dimensions per head (== headDim for llama)
    double ropeTheta = 10000.0;
    double normEps = 1e-5;
    bool tiedEmbeddings = false;
};

} // namespace qb
