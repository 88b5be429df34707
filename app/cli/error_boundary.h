// The one place where a CLI command's exceptions become the contract's exit codes and the single
// stderr line "error: <file or object>: <what is wrong>".
#pragma once
#include <cstdio>
#include <exception>
#include <string>

#include "core/util/error.h"

namespace qb::cli {

/// Runs body() (which returns the exit code). A qb::Error already names its file or object; any
/// other exception is reported against `subject` (the model or file the command works on).
template <typename Body>
int reportErrors(const std::string& subject, Body&& body) {
    try {
        return body();
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s: %s\n", subject.c_str(), e.what());
    }
    return 1;
}

} // namespace qb::cli
