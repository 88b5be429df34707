// quantbench-cli run and compare: a model's raw outputs on data (to compare with any other
// runtime), and fp32 against quantized plans side by side (core/pipeline/compare.h).
#pragma once
#include <functional>

#include <CLI/CLI.hpp>

#include "app/cli/commands.h"

namespace qb::cli {

/// Adds `run` and `compare` to `app`; `preparation` adds the --context/--scale/... options of
/// --data. After app.parse(), the returned function runs the chosen one and returns its exit
/// code, or -1 when neither was chosen.
std::function<int()> addComparisonCommands(CLI::App& app, void (*preparation)(CLI::App*, DataOptions&));

} // namespace qb::cli
