// The seccomp policy of the HDF5 probe: after confine() the process can read files, manage its
// memory, write to stderr and exit; opening a file for writing, starting a program or a process
// and opening a socket fail with EPERM, and any other system call kills it (SIGSYS).
#pragma once
#include <string>

namespace qb::h5probe {

/// Installs the policy for the rest of the process's life. Returns an empty string, or why it
/// could not be installed.
std::string confine();

} // namespace qb::h5probe
