#include "core/exporters/layer_source.h"

#include "core/util/error.h"

namespace qb::exporters {

LayerSource::LayerSource(const Project& project) : project_(project) {}

LayerSource::LayerSource(const Project& project, ReadWeight read) : project_(project), read_(std::move(read)) {}

size_t LayerSource::size() const { return project_.quantization ? project_.quantization->layers.size() : 0; }

const quant::QuantizedLayer& LayerSource::info(size_t k) const {
    if (k >= size()) throw Error(project_.modelPath, "the project has no quantized layer " + std::to_string(k));
    return project_.quantization->layers[k];
}

uint64_t LayerSource::weightSize(size_t k) const {
    const quant::QuantizedLayer& l = info(k);
    if (!read_ || !l.weight.scheme) return l.weight.bytes.size();
    return quant::sizeBytes(*l.weight.scheme, l.weight.rows, l.weight.cols).value_or(0);
}

const quant::QuantizedLayer& LayerSource::layer(size_t k) const {
    const quant::QuantizedLayer& l = info(k);
    if (!read_) return l;
    if (loadedIndex_ != k) {
        loadedIndex_.reset();
        loaded_ = quant::QuantizedLayer{}; // the previous layer's bytes go before the next ones come
        quant::QuantizedLayer next = l;
        next.weight.bytes = read_(k);
        loaded_ = std::move(next);
        loadedIndex_ = k;
    }
    return loaded_;
}

} // namespace qb::exporters
