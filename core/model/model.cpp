#include "core/model/model.h"

#include "core/util/error.h"

namespace qb {

int64_t TensorEntry::params() const {
    // An empty tensor first: readers bound the product of the non-zero dimensions, not a product
    // taken in any order past a zero.
    for (int64_t d : shape)
        if (d == 0) return 0;
    int64_t n = 1;
    for (int64_t d : shape) n *= d;
    return n;
}

int64_t Model::totalParams() const {
    int64_t n = 0;
    for (const auto& t : tensors) n += t.params();
    return n;
}

uint64_t Model::totalBytes() const {
    uint64_t n = 0;
    for (const auto& t : tensors) n += t.bytes();
    return n;
}

const TensorEntry* Model::find(const std::string& name) const {
    for (const auto& t : tensors)
        if (t.name == name) return &t;
    return nullptr;
}

void toFloat(const TensorEntry& t, std::span<float> out) {
    const auto& tr = traits(t.dtype);
    if (!tr.toFloat) throw Error(t.name, "cannot decode dtype " + std::string(tr.name) + " to f32");
    const int64_t n = t.params();
    if (int64_t(out.size()) != n) throw Error(t.name, "output buffer has the wrong size");
    const auto need = storageBytes(t.dtype, uint64_t(n));
    if (!need || *need != t.data.size())
        throw Error(t.name, "holds " + std::to_string(t.data.size()) + " bytes but its shape needs " +
                                (need ? std::to_string(*need) : std::string("a whole number of blocks")));
    tr.toFloat(t.data.data(), out.data(), n);
}

std::vector<float> toFloat(const TensorEntry& t) {
    std::vector<float> v(size_t(t.params()));
    toFloat(t, v);
    return v;
}

} // namespace qb
