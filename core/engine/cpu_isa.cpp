#include "core/engine/cpu_isa.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <cmath>

#include "core/util/error.h"

namespace qb::engine {

Int8Isa int8Isa() {
    using I = dnnl::cpu_isa;
    switch (dnnl::get_effective_cpu_isa()) {
    case I::sse41: return {"sse41", false};
    case I::avx: return {"avx", false};
    case I::avx2: return {"avx2", false};
    case I::avx2_vnni: return {"avx2_vnni", true};
    case I::avx512_mic: return {"avx512_mic", false};
    case I::avx512_mic_4ops: return {"avx512_mic_4ops", false};
    case I::avx512_core: return {"avx512_core", false};
    case I::avx512_core_vnni: return {"avx512_core_vnni", true};
    case I::avx512_core_bf16: return {"avx512_core_bf16", true};
    case I::avx512_core_amx: return {"avx512_core_amx", true};
    default: return {"unknown", false}; // no int8 kernel to trust: stay on the safe range
    }
}

int maxActivationCode(ActivationRange r) {
    if (r == ActivationRange::Auto) r = int8Isa().vnni ? ActivationRange::Full : ActivationRange::Reduced;
    return r == ActivationRange::Full ? 255 : 127;
}

std::string int8Summary(ActivationRange r) {
    const Int8Isa isa = int8Isa();
    const int maxCode = maxActivationCode(r);
    std::string s = "int8: " + isa.isa + (isa.vnni ? " with VNNI, " : " without VNNI, ");
    s += maxCode == 255 ? "8-bit activations (u8 0..255)" : "7-bit activations (u8 0..127)";
    if (maxCode == 255 && !isa.vnni) s += ", which this CPU sums in saturating int16 (inexact)";
    return s;
}

ActivationGrid activationGrid(const quant::ActivationQuant& a, int maxCode, const std::string& tensor) {
    if (a.bits < 2 || a.bits > 8) throw Error(tensor, "activation bits " + std::to_string(a.bits) + " are not in 2..8");
    if (!(a.scale > 0.f) || !std::isfinite(a.scale))
        throw Error(tensor, "activation scale " + std::to_string(a.scale) + " is not positive and finite");
    const int32_t levels = (int32_t(1) << a.bits) - 1;
    const int32_t lo = a.isUnsigned ? 0 : -(int32_t(1) << (a.bits - 1)), hi = lo + levels;
    if (a.zero < lo || a.zero > hi)
        throw Error(tensor, "activation zero point " + std::to_string(a.zero) + " is outside the codes " +
                                std::to_string(lo) + ".." + std::to_string(hi));
    if (levels <= maxCode) return {a.scale, a.zero - lo, maxCode}; // u = q - lo: the same grid
    // Fewer levels than the layer asked for: the same real interval [(lo - z) s, (hi - z) s].
    const double scale = double(a.scale) * levels / maxCode;
    const auto zero = int32_t(std::lround(double(a.zero - lo) * maxCode / levels));
    return {float(scale), zero, maxCode};
}

} // namespace qb::engine
