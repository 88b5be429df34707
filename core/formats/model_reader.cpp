#include "core/formats/model_reader.h"

#include <array>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/formats/gguf_reader.h"
#include "core/formats/keras_h5_reader.h"
#include "core/formats/llama2c_reader.h"
#include "core/formats/onnx_reader.h"
#include "core/formats/safetensors_reader.h"
#include "core/util/error.h"

namespace qb {
namespace fs = std::filesystem;

namespace {

constexpr std::array<unsigned char, 8> kHdf5Magic = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

uint32_t le32(const unsigned char* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }
uint64_t le64(const unsigned char* p) { return uint64_t(le32(p)) | uint64_t(le32(p + 4)) << 32; }

// llama2.c's legacy checkpoints have no magic; seven plausible int32s are the best evidence.
bool plausibleLlama2cHeader(const unsigned char* p) {
    int32_t h[7];
    std::memcpy(h, p, sizeof h);
    const int32_t dim = h[0], hidden = h[1], layers = h[2], heads = h[3], kv = h[4], seq = h[6];
    const int64_t vocab = h[5] < 0 ? -int64_t(h[5]) : h[5];
    return dim > 0 && dim <= (1 << 16) && hidden > 0 && hidden <= (1 << 20) && layers > 0 &&
           layers <= 1024 && heads > 0 && dim % heads == 0 && kv > 0 && kv <= heads &&
           heads % kv == 0 && vocab > 0 && vocab <= (1 << 24) && seq > 0 && seq <= (1 << 24);
}

} // namespace

const char* formatName(ModelFormat f) {
    switch (f) {
    case ModelFormat::Onnx: return "onnx";
    case ModelFormat::Safetensors: return "safetensors";
    case ModelFormat::Gguf: return "gguf";
    case ModelFormat::Llama2c: return "llama2c";
    case ModelFormat::KerasH5: return "keras_h5";
    }
    return "?";
}

ModelFormat detectFormat(const std::string& path) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
        if (fs::exists(fs::path(path) / "model.safetensors.index.json") ||
            fs::exists(fs::path(path) / "model.safetensors"))
            return ModelFormat::Safetensors;
        for (const auto& e : fs::directory_iterator(path, ec))
            if (e.path().extension() == ".safetensors") return ModelFormat::Safetensors;
        throw Error(path, "folder holds no .safetensors checkpoint");
    }
    if (fs::path(path).filename() == "config.json" ||
        fs::path(path).filename() == "model.safetensors.index.json")
        return ModelFormat::Safetensors;

    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path, "cannot open");
    std::array<unsigned char, 32> head{};
    in.read(reinterpret_cast<char*>(head.data()), head.size());
    const auto got = size_t(in.gcount());
    const auto size = uint64_t(fs::file_size(path, ec));
    if (got == 0) throw Error(path, "file is empty");

    if (got >= 4 && std::memcmp(head.data(), "GGUF", 4) == 0) return ModelFormat::Gguf;
    if (got >= 8 && std::memcmp(head.data(), kHdf5Magic.data(), 8) == 0) return ModelFormat::KerasH5;
    if (got >= 9 && head[8] == '{' && le64(head.data()) > 1 && le64(head.data()) < (uint64_t(1) << 40))
        return ModelFormat::Safetensors;
    if (got >= 4 && le32(head.data()) == 0x616b3432)
        throw Error(path, "llama2.c checkpoint version 1/2 (magic \"ak42\") is not supported; "
                          "export the legacy version-0 layout");
    if (got >= 7 * 4 && plausibleLlama2cHeader(head.data()) && size >= 28) return ModelFormat::Llama2c;
    // An ONNX ModelProto starts with a protobuf tag; ir_version (field 1, varint) comes first in
    // every exporter we know, and the reader validates the rest.
    if (head[0] == 0x08 || head[0] == 0x0a || head[0] == 0x12 || head[0] == 0x1a || head[0] == 0x3a)
        return ModelFormat::Onnx;
    throw Error(path, "not a model format QuantBench reads (ONNX, safetensors, GGUF, llama2.c, "
                      "Keras HDF5)");
}

Model openModel(const std::string& path) {
    switch (detectFormat(path)) {
    case ModelFormat::Onnx: return readOnnx(path);
    case ModelFormat::Safetensors: return readSafetensors(path);
    case ModelFormat::Gguf: return readGguf(path);
    case ModelFormat::Llama2c: return readLlama2c(path);
    case ModelFormat::KerasH5: return readKerasH5(path);
    }
    throw Error(path, "unknown format");
}

} // namespace qb
