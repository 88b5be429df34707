// HDF5 (libhdf5 1.10) can crash, overrun a heap buffer or loop forever on a corrupt file, and no
// checking on our side reaches into its metadata parser (fuzzing found segfaults, a hang and heap
// overflows inside the library). So every HDF5 file is first read by a separate program,
// quantbench-h5probe, started fresh with exec (it inherits no locks or threads of ours) and
// confined by seccomp to reading files: memory corruption in the library can only make it fail.
// The caller reads the file itself only after the probe read it cleanly.
#pragma once
#include <chrono>
#include <string>

namespace qb::h5 {

/// Which reader the probe runs: the Keras model reader, the project reader, or the check that a
/// file is a project at all.
enum class ProbeReader { KerasModel, Project, ProjectMarker };
const char* probeReaderName(ProbeReader reader);

/// Runs `reader` on `path` in the probe program. Returns if the probe read the file; throws the
/// probe's own qb::Error if the reader refused the file, and qb::Error(path, ...) if the library
/// crashed, the probe was stopped by its confinement, it did not finish in time, or the probe
/// program cannot be found or started. "In time" is `cpuLimit` of the probe's processor time
/// (libhdf5's hangs on corrupt files are loops), and kProbeWallFactor times that of wall-clock
/// time for a probe blocked without spinning: a read slowed down by a busy machine is not a hang.
void probeInHelper(const std::string& path, ProbeReader reader, std::chrono::milliseconds cpuLimit);
inline constexpr int kProbeWallFactor = 6;

/// The probe program: $QB_H5PROBE if set, else quantbench-h5probe beside the running executable,
/// else in ../libexec/quantbench/ from it (where the package installs it); empty if none exists.
std::string probeProgram();

/// 10 s plus 1 s per 50 MB of `path`: far beyond a healthy read of HDF5 metadata (probeInHelper's
/// processor-time limit).
std::chrono::milliseconds probeTimeout(const std::string& path);

} // namespace qb::h5
