#include "app/gui/Autosave.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>
#include <QSysInfo>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <optional>
#include <unistd.h>

#include "app/gui/Workspace.h"
#include "core/formats/project_file.h"
#include "core/pipeline/open_input.h"
#include "core/quant/plan.h"
#include "core/util/error.h"

namespace qb {

namespace {

constexpr int kRecordVersion = 1;

const struct {
    AutosaveChange change;
    const char* key;
} kChangeKeys[] = {
    {AutosaveChange::Plan, "plan"},
    {AutosaveChange::Calibration, "calibration"},
    {AutosaveChange::Quantization, "quantization"},
    {AutosaveChange::Sensitivity, "sensitivity"},
};

QString hashOf(const QString& text, int length) {
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex().left(length));
}

// The record of a sidecar: one per sidecar path, so two windows asking for the same sidecar meet.
QString recordPathFor(const QString& sidecar) {
    return QDir(autosaveFolder()).filePath(hashOf(QFileInfo(sidecar).absoluteFilePath(), 20) + QStringLiteral(".json"));
}

// From /proc/<pid>/stat: field 3, the state ('Z' for a zombie nobody reaped yet, which kill(0)
// still finds), and field 22, when the process started in clock ticks since boot (with the PID it
// names one process: a PID reused after a crash has another start time).
struct ProcessStat {
    char state = '?';
    qint64 start = 0;
};

std::optional<ProcessStat> processStat(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly)) return std::nullopt;
    const QByteArray line = stat.readAll();
    const qsizetype afterName = line.lastIndexOf(')'); // the command name may hold spaces
    if (afterName < 0) return std::nullopt;
    const QList<QByteArray> fields = line.mid(afterName + 2).split(' '); // fields[0] is field 3
    if (fields.size() <= 19 || fields[0].isEmpty()) return std::nullopt;
    return ProcessStat{fields[0][0], fields[19].toLongLong()};
}

qint64 processStartOf(qint64 pid) {
    const std::optional<ProcessStat> s = processStat(pid);
    return s ? s->start : 0;
}

// Serialises claims between windows and processes: a claim reads and writes records.
class IndexLock {
public:
    IndexLock() : lock_(QDir(autosaveFolder()).filePath(QStringLiteral("index.lock"))) {
        QDir().mkpath(autosaveFolder());
        locked_ = lock_.tryLock(5000);
    }
    bool locked() const { return locked_; }

private:
    QLockFile lock_;
    bool locked_ = false;
};

} // namespace

QString autosaveFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/autosave");
}

QString sidecarPathFor(const QString& source, const QString& modelPath, const QString& token, bool folderWritable) {
    if (!source.isEmpty() && folderWritable) {
        const QFileInfo info(source);
        return info.absoluteDir().filePath(QLatin1Char('.') + info.fileName() + QStringLiteral(".autosave"));
    }
    const QString key = source.isEmpty() ? QFileInfo(modelPath).absoluteFilePath() : QFileInfo(source).absoluteFilePath();
    return QDir(autosaveFolder()).filePath(hashOf(key, 16) + QLatin1Char('-') + token.left(8) + QStringLiteral(".qbproj"));
}

AutosaveRecord AutosaveRecord::read(const QString& recordPath) {
    AutosaveRecord r;
    QFile file(recordPath);
    if (!file.open(QIODevice::ReadOnly)) return r;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    if (o.value(QStringLiteral("version")).toInt() != kRecordVersion) return r;
    r.recordPath = recordPath;
    r.sidecar = o.value(QStringLiteral("sidecar")).toString();
    r.source = o.value(QStringLiteral("source")).toString();
    r.modelPath = o.value(QStringLiteral("model")).toString();
    r.pid = o.value(QStringLiteral("pid")).toInteger();
    r.processStart = o.value(QStringLiteral("process_start")).toInteger();
    r.host = o.value(QStringLiteral("host")).toString();
    r.owner = o.value(QStringLiteral("owner")).toString();
    r.time = QDateTime::fromString(o.value(QStringLiteral("time")).toString(), Qt::ISODate);
    for (const QJsonValue v : o.value(QStringLiteral("changes")).toArray()) {
        for (const auto& c : kChangeKeys) {
            if (v.toString() == QLatin1String(c.key)) r.changes |= int(c.change);
        }
    }
    return r;
}

bool AutosaveRecord::write() const {
    QJsonArray changeList;
    for (const auto& c : kChangeKeys) {
        if (changes & int(c.change)) changeList.append(QLatin1String(c.key));
    }
    const QJsonObject o{
        {QStringLiteral("version"), kRecordVersion},
        {QStringLiteral("sidecar"), sidecar},
        {QStringLiteral("source"), source},
        {QStringLiteral("model"), modelPath},
        {QStringLiteral("pid"), pid},
        {QStringLiteral("process_start"), processStart},
        {QStringLiteral("host"), host},
        {QStringLiteral("owner"), owner},
        {QStringLiteral("time"), time.isValid() ? time.toUTC().toString(Qt::ISODate) : QString()},
        {QStringLiteral("changes"), changeList},
    };
    QSaveFile file(recordPath);
    if (!file.open(QIODevice::WriteOnly)) return false;
    file.write(QJsonDocument(o).toJson());
    return file.commit();
}

QString AutosaveRecord::changesText() const {
    QStringList words;
    if (changes & int(AutosaveChange::Plan)) words << Autosave::tr("plan edited");
    if (changes & int(AutosaveChange::Calibration)) words << Autosave::tr("calibrated");
    if (changes & int(AutosaveChange::Quantization)) words << Autosave::tr("quantized");
    if (changes & int(AutosaveChange::Sensitivity)) words << Autosave::tr("sensitivity measured");
    return words.join(Autosave::tr(", "));
}

bool AutosaveRecord::ownerAlive() const {
    if (host != QSysInfo::machineHostName()) return true; // another machine's: we cannot tell, leave it be
    if (pid <= 0) return false;
    if (::kill(pid_t(pid), 0) != 0 && errno != EPERM) return false;
    const std::optional<ProcessStat> s = processStat(pid);
    if (!s) return true; // no /proc: kill() found it
    if (s->state == 'Z' || s->state == 'X') return false;
    return processStart == 0 || s->start == processStart;
}

QList<AutosaveRecord> orphanedAutosaves() {
    QList<AutosaveRecord> found;
    const IndexLock lock;
    if (!lock.locked()) return found;
    const QDir dir(autosaveFolder());
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden)) {
        const AutosaveRecord r = AutosaveRecord::read(dir.filePath(name));
        if (r.sidecar.isEmpty() || r.ownerAlive()) continue;
        if (QFileInfo::exists(r.sidecar)) {
            found << r;
        } else {
            discardAutosave(r); // crashed before its first autosave: nothing to recover
        }
    }
    std::sort(found.begin(), found.end(), [](const AutosaveRecord& a, const AutosaveRecord& b) { return a.time > b.time; });
    return found;
}

void discardAutosave(const AutosaveRecord& record) {
    if (!record.sidecar.isEmpty()) {
        QFile::remove(record.sidecar);
        removeStaleTemporaries(record.sidecar.toStdString());
    }
    if (!record.recordPath.isEmpty()) QFile::remove(record.recordPath);
}

Autosave::Autosave(Workspace* workspace, QObject* parent)
    : QObject(parent),
      workspace_(workspace),
      host_(QSysInfo::machineHostName()),
      processStart_(processStartOf(QCoreApplication::applicationPid())) {
    connect(&timer_, &QTimer::timeout, this, &Autosave::saveNow);
    // What the workspace's jobs change: noted when they succeed, just before the project is replaced.
    connect(workspace_, &Workspace::jobSucceeded, this, [this](Workspace::JobKind kind) { onJobSucceeded(int(kind)); });
    // Saved, or a project (or only a model) opened as it is on disk: nothing left to keep.
    connect(workspace_, &Workspace::modifiedChanged, this, [this](bool modified) {
        if (!modified) discard();
    });
    connect(workspace_, &Workspace::projectChanged, this, [this] {
        if (!workspace_->isModified()) discard();
    });
}

Autosave::~Autosave() {
    // The workspace (destroyed first) has waited for the last autosave: no job writes any more.
    // Every record of this window goes, with its sidecar: also one a job cancelled at closing
    // wrote without reporting it.
    const QDir dir(autosaveFolder());
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files | QDir::Hidden)) {
        const AutosaveRecord r = AutosaveRecord::read(dir.filePath(name));
        if (r.owner == token_) discardAutosave(r);
    }
}

void Autosave::setIntervalMinutes(int minutes) {
    minutes_ = std::max(0, minutes);
    if (minutes_ == 0) {
        timer_.stop();
    } else {
        timer_.start(minutes_ * 60 * 1000);
    }
}

void Autosave::onJobSucceeded(int kind) {
    switch (Workspace::JobKind(kind)) {
    case Workspace::JobKind::Calibration: noteChange(AutosaveChange::Calibration); break;
    case Workspace::JobKind::Quantization: noteChange(AutosaveChange::Quantization); break;
    case Workspace::JobKind::Sensitivity: noteChange(AutosaveChange::Sensitivity); break;
    default: break;
    }
}

void Autosave::noteChange(AutosaveChange change) {
    changes_ |= int(change);
    ++generation_;
}

AutosaveRecord Autosave::record() const {
    AutosaveRecord r;
    r.recordPath = recordPath_;
    r.sidecar = sidecar_;
    r.source = source_;
    const auto& model = workspace_->model();
    const auto& project = workspace_->project();
    r.modelPath = model ? QString::fromStdString(model->path)
                  : project ? QString::fromStdString(project->modelPath)
                            : QString();
    r.pid = QCoreApplication::applicationPid();
    r.processStart = processStart_;
    r.host = host_;
    r.owner = token_;
    r.time = writtenAt_;
    r.changes = changes_;
    return r;
}

namespace {

// Worker: the first sidecar candidate no other window owns, its record written as `mine`'s.
// Another live window's, or a crashed one's still waiting to be recovered, is not ours to overwrite.
bool claimSidecar(AutosaveRecord& mine, bool folderWritable) {
    const IndexLock lock;
    if (!lock.locked()) return false;
    QStringList candidates{sidecarPathFor(mine.source, mine.modelPath, mine.owner, folderWritable)};
    if (folderWritable) candidates << sidecarPathFor(mine.source, mine.modelPath, mine.owner, false);
    for (const QString& candidate : candidates) {
        const AutosaveRecord other = AutosaveRecord::read(recordPathFor(candidate));
        if (!other.sidecar.isEmpty() && other.owner != mine.owner && (other.ownerAlive() || QFileInfo::exists(candidate)))
            continue;
        mine.sidecar = candidate;
        mine.recordPath = recordPathFor(candidate);
        if (mine.write()) return true;
    }
    return false;
}

} // namespace

bool Autosave::saveNow() {
    const std::shared_ptr<const Project> project = workspace_->project();
    const std::shared_ptr<const Model> model = workspace_->model();
    const std::shared_ptr<const quant::Plan> plan = workspace_->plan();
    if (changes_ == 0 || generation_ == written_ || (!project && !(model && plan))) return false;
    if (workspace_->isBusy(Workspace::JobKind::Autosave)) return false; // the next tick catches up
    // Saved elsewhere since the last autosave: that sidecar is of no use.
    if (!sidecar_.isEmpty() && workspace_->projectPath() != source_) discard();
    // Only values and shared pointers are taken here; the lock, the record, the project (and, for a
    // plan on a model alone, the model's hash) are written on the worker.
    AutosaveRecord mine = record();
    mine.source = workspace_->projectPath();
    const bool claimed = !sidecar_.isEmpty();
    const bool writable = !mine.source.isEmpty() && QFileInfo(QFileInfo(mine.source).absolutePath()).isWritable();
    const quint64 generation = generation_;
    const quint64 epoch = epoch_;
    JobHandlers<AutosaveRecord> handlers;
    handlers.done = [this, generation, epoch](const AutosaveRecord& written, qint64) {
        if (epoch != epoch_) { // discarded (saved, replaced, closed) while it was written
            discardAutosave(written);
            return;
        }
        sidecar_ = written.sidecar;
        recordPath_ = written.recordPath;
        source_ = written.source;
        written_ = std::max(written_, generation);
        writtenAt_ = written.time;
        emit autosaved(written.sidecar);
    };
    handlers.failed = [this](const JobError& error) { emit autosaveFailed(error.message()); };
    workspace_->start<AutosaveRecord>(
        Workspace::JobKind::Autosave, tr("Autosaving"),
        [project, model, plan, mine, claimed, writable](JobContext& job) mutable {
            if (!claimed && !claimSidecar(mine, writable))
                throw Error(mine.source.isEmpty() ? mine.modelPath.toStdString() : mine.source.toStdString(),
                            Autosave::tr("cannot autosave: no folder to write the autosave to").toStdString());
            try {
                std::optional<Project> fresh;
                if (!project) fresh = pipeline::newProject(*model, job);
                const Project& written = project ? *project : *fresh;
                std::optional<std::string> planText = written.plan;
                if (plan) planText = quant::planJson(*plan);
                ProjectWriter writer(mine.sidecar.toStdString(), written, job);
                writer.setPlan(planText);
                writer.commit(); // temporary file, then rename: the sidecar is whole or as it was
            } catch (...) {
                // A record claimed just now without a sidecar would only stand in the next claim's way.
                if (!claimed && !QFileInfo::exists(mine.sidecar)) QFile::remove(mine.recordPath);
                throw;
            }
            mine.time = QDateTime::currentDateTimeUtc();
            mine.write();
            return mine;
        },
        std::move(handlers));
    return true;
}

void Autosave::discard() {
    ++epoch_; // a job writing now removes what it wrote when it reports (so it is not cancelled)
    if (!recordPath_.isEmpty()) discardAutosave(record());
    sidecar_.clear();
    recordPath_.clear();
    source_.clear();
    changes_ = 0;
    written_ = generation_;
    writtenAt_ = QDateTime();
}

bool Autosave::adopt(const AutosaveRecord& crashed) {
    const IndexLock lock;
    if (!lock.locked()) return false;
    const AutosaveRecord now = AutosaveRecord::read(crashed.recordPath);
    if (now.sidecar.isEmpty() || now.ownerAlive()) return false; // another window took it meanwhile
    if (!recordPath_.isEmpty()) discardAutosave(record());
    sidecar_ = now.sidecar;
    recordPath_ = now.recordPath;
    source_ = now.source;
    changes_ = now.changes;
    ++generation_;
    written_ = generation_; // the sidecar holds exactly what is recovered
    writtenAt_ = now.time;
    return record().write();
}

} // namespace qb
