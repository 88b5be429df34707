#include "widgets/MemoryIndicator.h"

#include <QFile>

#include "widgets/TextFormat.h"

namespace qb {

std::optional<ProcessMemory> processMemory() {
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly | QIODevice::Text)) return std::nullopt;
    // Lines such as "VmRSS:     830088 kB".
    std::optional<uint64_t> rss, hwm;
    for (const QByteArray& line : status.readAll().split('\n')) {
        const bool isRss = line.startsWith("VmRSS:"), isHwm = line.startsWith("VmHWM:");
        if (!isRss && !isHwm) continue;
        const QList<QByteArray> parts = line.simplified().split(' ');
        bool ok = false;
        const uint64_t kb = parts.size() >= 2 ? parts[1].toULongLong(&ok) : 0;
        if (!ok) continue;
        (isRss ? rss : hwm) = kb * 1024;
    }
    if (!rss || !hwm) return std::nullopt;
    return ProcessMemory{*rss, *hwm};
}

MemoryIndicator::MemoryIndicator(QWidget* parent, int intervalMs) : QLabel(parent) {
    setObjectName(QStringLiteral("memoryIndicator"));
    setToolTip(tr("Memory this program holds in RAM now, and the most it has held since it started. "
                  "Models are read from disk layer by layer, so this stays far below a large model's size."));
    connect(&timer_, &QTimer::timeout, this, &MemoryIndicator::refresh);
    timer_.start(intervalMs);
    refresh();
}

void MemoryIndicator::refresh() {
    const auto m = processMemory();
    setText(m ? tr("Memory %1 (peak %2)").arg(bytesText(m->resident), bytesText(m->peak)) : QString());
}

} // namespace qb
