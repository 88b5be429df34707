// HDF5 1.10 can crash or loop forever on a corrupt file (fuzzing found a segfault and a hang in
// H5HG_read, reached from H5Aread), and no amount of checking on our side reaches into its
// metadata parser. So a file is read once in a forked child first: if the library dies or hangs
// there, the user gets a clear error instead of a crashed or frozen application.
#pragma once
#include <chrono>
#include <functional>
#include <string>

namespace qb::h5 {

/// Runs `read` in a child process and waits at most `timeout`. Returns normally if the child
/// finished (successfully or with a qb::Error, which the caller's own read will then raise);
/// throws qb::Error(path, ...) if the child was killed by a signal or did not finish in time.
void survivesInChild(const std::string& path, const std::function<void()>& read,
                     std::chrono::milliseconds timeout);

} // namespace qb::h5
