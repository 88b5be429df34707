// The status bar's memory figure: what this process holds in RAM now and at its peak, so a user
// quantizing a model bigger than RAM sees that the streaming keeps it small.
#pragma once
#include <QLabel>
#include <QTimer>
#include <cstdint>
#include <optional>

namespace qb {

/// Resident and peak resident bytes of this process (VmRSS and VmHWM of /proc/self/status); empty
/// where that file cannot be read.
struct ProcessMemory {
    uint64_t resident = 0;
    uint64_t peak = 0;
};
std::optional<ProcessMemory> processMemory();

class MemoryIndicator : public QLabel {
    Q_OBJECT
public:
    /// Refreshes every `intervalMs` milliseconds (and once at once).
    explicit MemoryIndicator(QWidget* parent = nullptr, int intervalMs = 2000);
    /// Reads the figures and shows them now.
    void refresh();

private:
    QTimer timer_;
};

} // namespace qb
