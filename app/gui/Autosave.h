// Autosave: a window's unsaved project written every few minutes, off the GUI thread, to a sidecar
// file (never over the user's file), with a record saying which process owns it. After a crash the
// records whose process is gone are what File > Recover Unsaved Work offers (RecoveryDialog).
#pragma once
#include <QDateTime>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QUuid>

namespace qb {

class Workspace;

/// What changed since the project was last saved, as kept in an autosave record.
enum class AutosaveChange { Plan = 1, Calibration = 2, Quantization = 4, Sensitivity = 8 };

/// One sidecar's record: the JSON file in autosaveFolder() that says whose it is.
struct AutosaveRecord {
    QString recordPath;  ///< where this record is stored
    QString sidecar;     ///< the autosaved project
    QString source;      ///< the user's .qbproj it stands for; empty when never saved
    QString modelPath;   ///< the model the project is of
    qint64 pid = 0;      ///< the owning process
    qint64 processStart = 0; ///< its start time (Linux clock ticks since boot; 0 if unknown): guards PID reuse
    QString host;        ///< the machine the owner runs on
    QString owner;       ///< the owning window's token (two windows of one process differ)
    QDateTime time;      ///< when the sidecar was last written (UTC); invalid before the first write
    int changes = 0;     ///< AutosaveChange flags since the last save

    /// Reads a record; one with an empty sidecar when the file is missing or not a record.
    static AutosaveRecord read(const QString& recordPath);
    /// Writes the record atomically (temporary file + rename). False on failure.
    bool write() const;
    /// The changes as words ("plan edited, quantized"), in the UI language.
    QString changesText() const;
    /// True if the owning process runs on this machine and is the one that wrote the record.
    bool ownerAlive() const;
};

/// QStandardPaths::AppDataLocation/autosave: the records, and the sidecars of projects never saved
/// or kept in a folder we cannot write.
QString autosaveFolder();

/// Where a window's sidecar goes: next to a saved project as ".NAME.qbproj.autosave" when its
/// folder is writable, else in autosaveFolder() keyed by a hash of the project's path (or, never
/// saved, of the model's) and the window's token.
QString sidecarPathFor(const QString& source, const QString& modelPath, const QString& token, bool folderWritable);

/// The records whose owner is gone (crashed or killed) and whose sidecar exists, newest first.
/// Records of dead owners without a sidecar are removed on the way.
QList<AutosaveRecord> orphanedAutosaves();

/// Removes a record's sidecar (and its temporaries) and the record.
void discardAutosave(const AutosaveRecord& record);

/// The autosave of one window's workspace. Every interval, if the project (or, with only a model
/// open, the plan) has changes not yet autosaved, snapshots it on the GUI thread (shared pointers)
/// and writes it to its sidecar as the workspace's Autosave job. A save, a project opened clean,
/// or the window going away removes the sidecar and the record.
class Autosave : public QObject {
    Q_OBJECT
public:
    explicit Autosave(Workspace* workspace, QObject* parent = nullptr);
    /// Removes the sidecar and record: the window closed cleanly (a crash never gets here).
    ~Autosave() override;

    /// Autosaves every `minutes`; 0 turns it off.
    void setIntervalMinutes(int minutes);
    int intervalMinutes() const { return minutes_; }
    /// Something the user would lose changed (the workspace's jobs are followed on their own).
    void noteChange(AutosaveChange change);
    /// Starts an autosave now if there are changes not yet autosaved; false if there is nothing to do.
    bool saveNow();
    /// Drops the sidecar and the record (the project was saved, discarded or replaced).
    void discard();
    /// Takes over a crashed window's record: its sidecar becomes this window's, as written.
    bool adopt(const AutosaveRecord& record);

    /// The sidecar written to; empty until the first autosave.
    QString sidecarPath() const { return sidecar_; }
    QString recordPath() const { return recordPath_; }
    int changes() const { return changes_; }
    bool hasUnsavedChanges() const { return changes_ != 0; }

signals:
    void autosaved(const QString& sidecar);
    void autosaveFailed(const QString& message);

private:
    AutosaveRecord record() const;
    void onJobSucceeded(int kind);

    Workspace* workspace_;
    QTimer timer_;
    int minutes_ = 0;
    QString token_ = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString host_;
    qint64 processStart_ = 0;
    QString sidecar_;
    QString recordPath_;
    QString source_; ///< the project path the sidecar was claimed for
    int changes_ = 0;
    quint64 generation_ = 0; ///< bumped by every change
    quint64 written_ = 0;    ///< the generation the sidecar holds
    QDateTime writtenAt_;
    quint64 epoch_ = 0; ///< bumped by discard(): a job started before it wrote for nothing
};

} // namespace qb
