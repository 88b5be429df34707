// What one window works on: the open model, the project (its file, whether it is saved) and the
// jobs that compute on them. Jobs run on one thread pool, report throttled progress, honour
// Cancel and hand back typed results or typed errors on the GUI thread.
#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <array>
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "core/domain/project.h"
#include "core/model/model.h"
#include "core/quant/plan.h"
#include "core/util/job.h"

namespace qb {

/// Why a job failed: qb::Error's where() (the file, tensor or object) and the rest of its
/// message; `where` is empty for other exceptions (out of memory).
struct JobError {
    QString where;
    QString what;

    /// "<where>: <what>", or `what` alone when there is no where: qb::Error's own text.
    QString message() const { return where.isEmpty() ? what : where + QStringLiteral(": ") + what; }
};

/// What a job's owner hears on the GUI thread; each handler may be empty.
template <class T>
struct JobHandlers {
    std::function<void(T result, qint64 elapsedMs)> done;
    std::function<void(const JobError& error)> failed;
    /// Cancel was pressed, or the job was abandoned; not called when a newer job superseded it.
    std::function<void()> cancelled;
};

class Workspace : public QObject {
    Q_OBJECT
public:
    /// One job of each kind runs at a time: a new one supersedes the one before (its outcome is
    /// dropped). Kinds run side by side on the same pool. Autosave writes the sidecar (Autosave.h)
    /// quietly: the progress display does not show it.
    enum class JobKind { Open, Analysis, Calibration, Quantization, Evaluation, Sensitivity, ExportCheck, Export, Latency, Save, Autosave };
    Q_ENUM(JobKind)
    static constexpr int kJobKinds = int(JobKind::Autosave) + 1;
    /// Progress reaches the GUI at most this often per job.
    static constexpr int kProgressIntervalMs = 50;

    explicit Workspace(QObject* parent = nullptr);
    /// stop(), then waits for every job (superseded ones included) to end.
    ~Workspace() override;

    const std::shared_ptr<const Model>& model() const { return model_; }
    /// The calibration or quantization held (opened, or computed and maybe unsaved), or null.
    const std::shared_ptr<const Project>& project() const { return project_; }
    /// Where the project was opened from or saved to; empty when it was never saved.
    const QString& projectPath() const { return projectPath_; }
    bool isModified() const { return modified_; }

    /// The mixed-precision plan worked on: the one the last quantization followed (the open
    /// project's, or the one Quantize asked for), or null.
    const std::shared_ptr<const quant::Plan>& plan() const { return plan_; }
    /// Replaces the plan; emits planChanged(). The plan is saved with the project.
    void setPlan(std::shared_ptr<const quant::Plan> plan);
    /// The project (if any) now differs from its file, e.g. by an edit of the plan.
    void markModified();

    /// Replaces the model (the project is left to setProject()); emits modelChanged().
    void setModel(std::shared_ptr<const Model> model);
    /// Replaces the project; emits projectChanged() and, if it changed, modifiedChanged(). The
    /// plan the project keeps (or, without one, its quantization's) becomes the plan.
    void setProject(std::shared_ptr<const Project> project, const QString& path, bool modified);
    /// Writes the project to `path` as a Save job; on success it is the project's path and the
    /// project counts as saved (unless it changed meanwhile). False if there is no project.
    bool save(const QString& path);

    /// Runs `work` on the pool as the job of `kind`, superseding the one running; `handlers`
    /// hear the outcome on the GUI thread. qb::Error becomes a JobError, qb::Cancelled (or a
    /// cancel that came too late to interrupt) a cancel.
    template <class T>
    void start(JobKind kind, const QString& title, std::function<T(JobContext&)> work, JobHandlers<T> handlers) {
        launch(kind, title, std::make_shared<TypedJob<T>>(std::move(work), std::move(handlers)));
    }
    /// Asks the job of `kind` to stop; its cancelled handler runs once it has stopped.
    void cancel(JobKind kind);
    /// Asks every job to stop but a save: what the user asked to keep is written (closing).
    void stop();
    /// Asks the job of `kind` to stop and reports it cancelled now, without waiting for it.
    void abandon(JobKind kind);
    bool isBusy(JobKind kind) const { return current_[size_t(kind)] != nullptr; }
    /// The title of the running job of `kind`; empty when idle.
    QString title(JobKind kind) const;
    /// Worker threads of each job from now on (core loops and oneDNN's OpenMP team); 0 = all cores.
    void setThreads(int threads);
    int threads() const { return threads_.load(); }
    /// The pool every job runs on (one thread per running or stopping job).
    const QThreadPool& pool() const { return pool_; }

    /// Shared between the GUI thread and the worker; outlives whichever lets go last.
    struct Job {
        enum class Status { Succeeded, Failed, Cancelled };
        virtual ~Job() = default;
        /// Worker: runs the work and keeps its result.
        virtual void run(JobContext& context) = 0;
        /// GUI thread, once the worker is done: hands the outcome to the handlers.
        virtual void deliver(qint64 elapsedMs) = 0;
        /// GUI thread, whether or not the worker is done: tells the handlers it was cancelled.
        virtual void reportCancelled() = 0;

        QString title;
        std::atomic<bool> cancel{false};
        /// A result that came in after Cancel is kept (a save that reached its rename is done).
        bool keepLateResult = false;
        // Written by the worker, read by the GUI thread's progress timer.
        std::mutex mutex;
        double fraction = 0;
        std::string stage;
        bool fresh = false;
        // Written by the worker before it posts the end; read after.
        Status status = Status::Cancelled;
        JobError error;
        QElapsedTimer clock;
    };

signals:
    void modelChanged();
    void planChanged();
    /// A new project (or none); also when only its path or modified flag changed with it.
    void projectChanged();
    void modifiedChanged(bool modified);
    void projectSaved(const QString& path);
    void saveFailed(const JobError& error);

    void jobStarted(JobKind kind, const QString& title);
    /// fraction in [0,1] and the core's stage text; at most one per kProgressIntervalMs per job.
    void jobProgress(JobKind kind, double fraction, const QString& stage);
    void jobSucceeded(JobKind kind, qint64 elapsedMs);
    void jobFailed(JobKind kind, const JobError& error);
    void jobCancelled(JobKind kind);

private:
    template <class T>
    struct TypedJob final : Job {
        TypedJob(std::function<T(JobContext&)> w, JobHandlers<T> h) : work(std::move(w)), handlers(std::move(h)) {}
        void run(JobContext& context) override { result.emplace(work(context)); }
        void deliver(qint64 elapsedMs) override {
            switch (status) {
            case Status::Succeeded:
                if (handlers.done) handlers.done(std::move(*result), elapsedMs);
                break;
            case Status::Failed:
                if (handlers.failed) handlers.failed(error);
                break;
            case Status::Cancelled: reportCancelled(); break;
            }
        }
        void reportCancelled() override {
            if (handlers.cancelled) handlers.cancelled();
        }
        std::function<T(JobContext&)> work;
        JobHandlers<T> handlers;
        std::optional<T> result;
    };

    void launch(JobKind kind, const QString& title, std::shared_ptr<Job> job);
    void finish(JobKind kind, const std::shared_ptr<Job>& job);
    void pollProgress();

    std::shared_ptr<const Model> model_;
    std::shared_ptr<const Project> project_;
    std::shared_ptr<const quant::Plan> plan_;
    QString projectPath_;
    bool modified_ = false;
    std::array<std::shared_ptr<Job>, kJobKinds> current_;
    QTimer progressTimer_;
    QThreadPool pool_;
    std::atomic<int> threads_{0};
};

} // namespace qb
