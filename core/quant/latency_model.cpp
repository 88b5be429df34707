#include "core/quant/latency_model.h"

#include "core/quant/quantize_model.h"
#include "core/util/error.h"

namespace qb::quant {

RunPrecision runtimePrecision(const Model& model, const LayerPlan& layer, const ProjectLatency& table) {
    if (model.llama || layer.actBits != kActBits || !layer.scheme || layer.scheme->name != "int8_channel_sym")
        return RunPrecision::F32;
    const LayerLatency* l = table.find(layer.name);
    const TensorEntry* t = model.find(layer.name);
    return l && l->hasInt8() && t && takesQuantizedInput(model, *t) ? RunPrecision::Int8 : RunPrecision::F32;
}

double predictLatencyMs(const ProjectLatency& table, const Model& model, std::span<const LayerPlan> plan) {
    double ms = table.restMs;
    for (const LayerPlan& lp : plan) {
        const LayerLatency* l = table.find(lp.name);
        if (!l) throw Error(lp.name, "the latency table has no time for this layer (measure it again)");
        ms += runtimePrecision(model, lp, table) == RunPrecision::Int8 ? l->int8Ms : l->f32Ms;
    }
    return ms;
}

} // namespace qb::quant
