// Turns one ONNX TensorProto (an initializer or a Constant node's value) into a TensorEntry whose
// data is a view: into the parsed proto, into an owned converted buffer, or into a memory-mapped
// external data file.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <onnx/onnx_pb.h>

#include "core/model/model.h"
#include "core/tensor/mapped_file.h"

namespace qb {

/// ONNX TensorProto.DataType number -> DType (Unsupported for string/complex); nullopt if unknown.
std::optional<DType> dtypeFromOnnx(int32_t onnxType);

class OnnxTensorLoader {
public:
    /// Buffers and mapped external files are appended to `storage`, which must outlive the
    /// entries; the parsed ModelProto must be kept alive there too (raw data is viewed in place).
    OnnxTensorLoader(std::string modelPath, std::vector<std::shared_ptr<const void>>& storage);

    /// Throws qb::Error(modelPath, "tensor '<name>': ...") if the tensor is malformed.
    TensorEntry load(const onnx::TensorProto& t, const std::string& name);

private:
    std::span<const std::byte> typedData(const onnx::TensorProto& t, const std::string& name,
                                         uint64_t count);
    std::span<const std::byte> externalData(const onnx::TensorProto& t, const std::string& name,
                                            uint64_t bytes, uint64_t& fileOffset);

    std::string modelPath_;
    std::filesystem::path folder_;
    std::vector<std::shared_ptr<const void>>& storage_;
    std::map<std::string, std::shared_ptr<const MappedFile>> externalFiles_;
};

} // namespace qb
