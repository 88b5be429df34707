#include "app/gui/Workspace.h"

#include <QFileInfo>
#include <optional>
#include <utility>
#include <algorithm>
#include <new>
#include <string_view>

#include "core/formats/project_file.h"
#include "core/util/error.h"
#include "core/util/parallel.h"

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#include <sanitizer/tsan_interface.h>
#define QB_TSAN 1
#endif
#endif

namespace qb {

namespace {

// Qt's thread pool queue and posted events order the job's hand-over between the GUI thread and
// the worker, but Qt is not built with ThreadSanitizer, so the ThreadSanitizer tree (tests/tsan)
// cannot see that. These state the same order to it; they are empty in every other build.
void handOver([[maybe_unused]] const Workspace::Job& job) {
#ifdef QB_TSAN
    __tsan_release(const_cast<Workspace::Job*>(&job));
#endif
}
void takeOver([[maybe_unused]] const Workspace::Job& job) {
#ifdef QB_TSAN
    __tsan_acquire(const_cast<Workspace::Job*>(&job));
#endif
}

// The worker's side: run, and turn whatever comes out into a status the GUI thread can read.
void execute(Workspace::Job& job) {
    using Status = Workspace::Job::Status;
    JobContext context;
    context.cancel = &job.cancel;
    context.progress = [&job](double fraction, std::string_view stage) {
        const std::lock_guard lock(job.mutex);
        job.fraction = fraction;
        job.stage.assign(stage);
        job.fresh = true;
    };
    try {
        job.run(context);
        // A cancel that came too late to interrupt still means the caller no longer wants this.
        job.status = context.cancelled() && !job.keepLateResult ? Status::Cancelled : Status::Succeeded;
    } catch (const Cancelled&) {
        job.status = Status::Cancelled;
    } catch (const Error& e) {
        job.status = Status::Failed;
        const std::string_view text = e.what();
        const std::string& where = e.where();
        job.error.where = QString::fromStdString(where);
        // qb::Error's text is "<where>: <what>"; keep the what alone.
        job.error.what = QString::fromUtf8(text.substr(std::min(text.size(), where.size() + 2)));
    } catch (const std::bad_alloc&) {
        job.status = Status::Failed;
        job.error.what = Workspace::tr("out of memory");
    } catch (const std::exception& e) {
        job.status = Status::Failed;
        job.error.what = QString::fromUtf8(e.what());
    } catch (...) {
        job.status = Status::Failed;
        job.error.what = Workspace::tr("unknown error");
    }
}

} // namespace

Workspace::Workspace(QObject* parent) : QObject(parent) {
    // Every kind may run at once, and a superseded job may still be stopping beside its successor:
    // queueing behind either would stall a save or an analysis for no reason.
    pool_.setMaxThreadCount(2 * kJobKinds);
    progressTimer_.setInterval(kProgressIntervalMs);
    connect(&progressTimer_, &QTimer::timeout, this, &Workspace::pollProgress);
}

Workspace::~Workspace() {
    stop();
    pool_.waitForDone();
}

void Workspace::setModel(std::shared_ptr<const Model> model) {
    model_ = std::move(model);
    emit modelChanged();
}

void Workspace::setPlan(std::shared_ptr<const quant::Plan> plan) {
    plan_ = std::move(plan);
    emit planChanged();
}

void Workspace::markModified() {
    if (project_ && !std::exchange(modified_, true)) emit modifiedChanged(true);
}

void Workspace::setProject(std::shared_ptr<const Project> project, const QString& path, bool modified) {
    project_ = std::move(project);
    // The plan the project keeps (the one worked on when it was saved), else the one its
    // quantization followed.
    const std::string* stored = !project_                       ? nullptr
                                : project_->plan                ? &*project_->plan
                                : project_->quantization        ? &project_->quantization->plan
                                                                : nullptr;
    if (stored) {
        try {
            setPlan(std::make_shared<const quant::Plan>(quant::parsePlan(*stored, path.toStdString())));
        } catch (const Error&) {
            setPlan(nullptr); // a stored plan that does not parse: the project still opens, without one
        }
    }
    projectPath_ = path;
    const bool wasModified = std::exchange(modified_, modified);
    emit projectChanged();
    if (wasModified != modified_) {
        emit modifiedChanged(modified_);
    }
}

bool Workspace::save(const QString& path) {
    if (!project_) {
        return false;
    }
    const std::shared_ptr<const Project> saved = project_;
    // The plan worked on goes into the file with the project, quantized or not.
    std::optional<std::string> plan = saved->plan;
    if (plan_) plan = quant::planJson(*plan_);
    JobHandlers<QString> handlers;
    handlers.done = [this, saved](QString file, qint64) {
        // A project calibrated or quantized while this one was written is still unsaved.
        if (project_ == saved) {
            projectPath_ = file;
            if (std::exchange(modified_, false)) {
                emit modifiedChanged(false);
            }
        }
        emit projectSaved(file);
    };
    handlers.failed = [this](const JobError& error) { emit saveFailed(error); };
    auto job = std::make_shared<TypedJob<QString>>(
        [saved, path, plan](JobContext& context) {
            ProjectWriter writer(path.toStdString(), *saved, context);
            writer.setPlan(plan);
            writer.commit();
            return path;
        },
        std::move(handlers));
    // writeProject checks Cancel before its rename; once renamed, the file is saved.
    job->keepLateResult = true;
    launch(JobKind::Save, tr("Saving %1").arg(QFileInfo(path).fileName()), std::move(job));
    return true;
}

void Workspace::launch(JobKind kind, const QString& title, std::shared_ptr<Job> job) {
    cancel(kind); // superseded: its outcome is dropped in finish()
    job->title = title;
    job->clock.start();
    current_[size_t(kind)] = job;
    handOver(*job);
    pool_.start([this, kind, job, threads = threads_.load()] {
        takeOver(*job);
        // OpenMP's team size is a per-thread setting: each job sets it on the thread it runs on.
        setThreadCount(threads);
        execute(*job);
        handOver(*job);
        QMetaObject::invokeMethod(
            this,
            [this, kind, job]() mutable {
                takeOver(*job);
                finish(kind, job);
                // Let go of the job here: Qt may destroy this function on the worker.
                job.reset();
            },
            Qt::QueuedConnection);
    });
    progressTimer_.start();
    emit jobStarted(kind, title);
}

void Workspace::setThreads(int threads) {
    threads_.store(std::max(0, threads));
    setThreadCount(threads_.load());
}

void Workspace::cancel(JobKind kind) {
    if (const auto& job = current_[size_t(kind)]) {
        job->cancel.store(true);
    }
}

void Workspace::stop() {
    for (int kind = 0; kind < kJobKinds; ++kind) {
        if (JobKind(kind) != JobKind::Save) {
            cancel(JobKind(kind));
        }
    }
}

void Workspace::abandon(JobKind kind) {
    const std::shared_ptr<Job> job = std::exchange(current_[size_t(kind)], nullptr);
    if (!job) {
        return;
    }
    job->cancel.store(true);
    emit jobCancelled(kind);
    // The worker may still be writing status and result: reportCancelled() reads neither.
    job->reportCancelled();
}

QString Workspace::title(JobKind kind) const {
    const auto& job = current_[size_t(kind)];
    return job ? job->title : QString();
}

void Workspace::pollProgress() {
    bool busy = false;
    for (int kind = 0; kind < kJobKinds; ++kind) {
        const auto& job = current_[size_t(kind)];
        if (!job) {
            continue;
        }
        busy = true;
        double fraction = 0;
        std::string stage;
        {
            const std::lock_guard lock(job->mutex);
            if (!job->fresh) {
                continue;
            }
            job->fresh = false;
            fraction = job->fraction;
            stage = job->stage;
        }
        emit jobProgress(JobKind(kind), fraction, QString::fromStdString(stage));
    }
    if (!busy) {
        progressTimer_.stop();
    }
}

void Workspace::finish(JobKind kind, const std::shared_ptr<Job>& job) {
    if (current_[size_t(kind)] != job) {
        return; // superseded or abandoned: nobody waits for this outcome
    }
    current_[size_t(kind)].reset();
    const qint64 elapsed = job->clock.elapsed();
    // The signal first: whoever watches the kind (the progress display) sees it idle before a
    // handler starts the next job.
    switch (job->status) {
    case Job::Status::Succeeded: emit jobSucceeded(kind, elapsed); break;
    case Job::Status::Failed: emit jobFailed(kind, job->error); break;
    case Job::Status::Cancelled: emit jobCancelled(kind); break;
    }
    job->deliver(elapsed);
}

} // namespace qb
