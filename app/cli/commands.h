// One function per quantbench-cli subcommand; each returns the process exit code
// (0 ok, 1 the work failed, 2 bad usage) and prints errors as "error: <where>: <what>".
#pragma once
#include <string>

namespace qb::cli {

struct InspectOptions {
    std::string path;
    bool json = false;
};
int runInspect(const InspectOptions& o);

} // namespace qb::cli
