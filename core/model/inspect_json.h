// The `inspect --json` document (keys fixed by CLI.md), shared by the CLI, GUI and tests.
#pragma once
#include <nlohmann/json.hpp>

#include "core/model/model.h"

namespace qb {

nlohmann::json inspectJson(const Model& m);

} // namespace qb
