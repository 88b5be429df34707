// quantbench-cli sensitivity and plan: the per-layer sensitivity table of a project (measured,
// sharded, merged) and the automatic mixed-precision plan chosen from it under a size budget.
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"

namespace qb::cli {

/// Adds `sensitivity` and `plan` to `app`; `preparation` adds the --context/--scale/... options
/// of --data. After app.parse(), the returned function runs the chosen one and returns its exit
/// code, or -1 when neither was chosen.
std::function<int()> addPlanningCommands(CLI::App& app, void (*preparation)(CLI::App*, DataOptions&));

} // namespace qb::cli
