#include "core/calib/calibration_json.h"

#include <cmath>

namespace qb {

namespace {

// JSON has no infinity: a lossless clip's SQNR is written as null.
nlohmann::json number(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

nlohmann::json valuesJson(const ValueStats& v) {
    nlohmann::json j{{"count", v.count}, {"min", v.min},     {"max", v.max},      {"mean", v.mean},
                     {"std", v.std},     {"p99_9", v.p99_9}, {"p99_99", v.p99_99}};
    for (const auto& c : v.clips)
        j[std::string("clip_") + clipMethodName(c.method)] = {{"lo", c.lo}, {"hi", c.hi}, {"sqnr_db", number(c.sqnrDb)}};
    return j;
}

} // namespace

nlohmann::json layersJson(const Calibration& c) {
    nlohmann::json layers = nlohmann::json::array();
    for (const auto& l : c.layers)
        layers.push_back({{"name", l.name},
                          {"kind", l.kind},
                          {"weight", valuesJson(l.weight)},
                          {"activation", valuesJson(l.activation)},
                          {"channels", l.channelAbsMax.size()}});
    return layers;
}

} // namespace qb
