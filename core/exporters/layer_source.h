// The quantized layers an export writes: every layer's description (name, scheme, shape, method,
// input scales, activation) at hand for planning, and its weight bytes only when the layer is
// written, so that an export of a project read from its file holds one layer at a time.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/domain/project.h"

namespace qb::exporters {

class LayerSource {
public:
    using ReadWeight = std::function<std::vector<uint8_t>(size_t layer)>;

    /// A project in memory (the GUI's, the tests'): every weight is the project's own, nothing is
    /// copied. Implicit, so the exporters take a Project where they take a LayerSource.
    LayerSource(const Project& project);  // NOLINT(google-explicit-constructor)
    /// A project whose layers' weight bytes are left out (ProjectLayerReader::project()), each
    /// read by `read` when asked for. `project` must outlive the source.
    LayerSource(const Project& project, ReadWeight read);

    const Project& project() const { return project_; }
    /// The project's quantized layers (0 when it is not quantized).
    size_t size() const;
    /// Layer k without the guarantee of its weight bytes (empty when read lazily).
    const quant::QuantizedLayer& info(size_t k) const;
    /// The size of layer k's weight bytes: the held bytes, or what scheme and shape make (which
    /// the project reader checked against the file).
    uint64_t weightSize(size_t k) const;
    /// Layer k with its weight bytes. A lazily read layer stays until another one is asked for,
    /// so the reference is valid until the next call of layer().
    const quant::QuantizedLayer& layer(size_t k) const;

private:
    const Project& project_;
    ReadWeight read_;
    mutable std::optional<size_t> loadedIndex_;
    mutable quant::QuantizedLayer loaded_;
};

} // namespace qb::exporters
