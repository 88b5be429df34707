// How sensitive each layer is, as one number per layer for colouring: the rank of its KL at a
// reference scheme among all layers, so one outlier does not wash out the rest of the scale.
#pragma once
#include <map>
#include <string>

#include "core/domain/sensitivity.h"

namespace qb {

/// What layers are compared at: "int4" (the 4-bit integer scheme of each layer: groups of 32, or
/// per channel where a row does not split into groups) when measured, else the scheme with the
/// largest mean KL; empty for an empty table.
std::string referenceScheme(const ProjectSensitivity& sensitivity);

/// The entry of `layer` at `reference`: the first whose scheme starts with it; null if none.
const SensitivityEntry* referenceEntry(const ProjectSensitivity& sensitivity, const std::string& layer,
                                       const std::string& reference);

/// Per layer measured at `reference`, its KL's rank scaled to (0, 1]: 1 for the most sensitive
/// layer, 1/n for the least. Ties share the higher rank.
std::map<std::string, double> sensitivityShades(const ProjectSensitivity& sensitivity, const std::string& reference);

} // namespace qb
