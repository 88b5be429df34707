#include "app/gui/JobRunner.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>
#include <atomic>
#include <mutex>
#include <new>
#include <string>

namespace qb {

struct JobRunner::Job {
    enum class Status { Succeeded, Failed, Cancelled };

    std::atomic<bool> cancel{false};
    // Written by the worker, read by the GUI thread's progress timer.
    std::mutex mutex;
    double fraction = 0;
    std::string stage;
    bool fresh = false;
    // Written by the worker before the future finishes; read after it.
    Status status = Status::Cancelled;
    std::any result;
    QString error;
};

namespace {

void execute(JobRunner::Job& job, const JobRunner::Work& work) {
    using Status = JobRunner::Job::Status;
    JobContext context;
    context.cancel = &job.cancel;
    context.progress = [&job](double fraction, std::string_view stage) {
        const std::lock_guard lock(job.mutex);
        job.fraction = fraction;
        job.stage.assign(stage);
        job.fresh = true;
    };
    try {
        std::any result = work(context);
        // A cancel that came too late to interrupt still means the caller no longer wants this.
        if (context.cancelled()) {
            job.status = Status::Cancelled;
            return;
        }
        job.result = std::move(result);
        job.status = Status::Succeeded;
    } catch (const Cancelled&) {
        job.status = Status::Cancelled;
    } catch (const std::bad_alloc&) {
        job.status = Status::Failed;
        job.error = JobRunner::tr("out of memory");
    } catch (const std::exception& e) {
        job.status = Status::Failed;
        job.error = QString::fromStdString(e.what());
    } catch (...) {
        job.status = Status::Failed;
        job.error = JobRunner::tr("unknown error");
    }
}

} // namespace

JobRunner::JobRunner(QObject* parent) : QObject(parent) {
    progressTimer_.setInterval(kProgressIntervalMs);
    connect(&progressTimer_, &QTimer::timeout, this, &JobRunner::pollProgress);
}

JobRunner::~JobRunner() {
    cancel();
    pool_.waitForDone();
}

void JobRunner::start(const QString& title, Work work) {
    cancel();
    auto job = std::make_shared<Job>();
    current_ = job;
    title_ = title;
    clock_.start();
    auto* watcher = new QFutureWatcher<void>(this);
    connect(watcher, &QFutureWatcher<void>::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        onFinished(job);
    });
    watcher->setFuture(QtConcurrent::run(&pool_, [job, work = std::move(work)] { execute(*job, work); }));
    progressTimer_.start();
    emit started(title);
}

void JobRunner::cancel() {
    if (current_) {
        current_->cancel.store(true);
    }
}

void JobRunner::abandon() {
    if (!current_) {
        return;
    }
    cancel();
    current_.reset();
    progressTimer_.stop();
    emit cancelled();
}

void JobRunner::pollProgress() {
    if (!current_) {
        return;
    }
    double fraction = 0;
    std::string stage;
    {
        const std::lock_guard lock(current_->mutex);
        if (!current_->fresh) {
            return;
        }
        current_->fresh = false;
        fraction = current_->fraction;
        stage = current_->stage;
    }
    emit progressChanged(fraction, QString::fromStdString(stage));
}

void JobRunner::onFinished(const std::shared_ptr<Job>& job) {
    if (job != current_) {
        return; // superseded by a newer job: nobody waits for this outcome
    }
    current_.reset();
    progressTimer_.stop();
    const qint64 elapsed = clock_.elapsed();
    switch (job->status) {
    case Job::Status::Succeeded: emit succeeded(job->result, elapsed); break;
    case Job::Status::Failed: emit failed(job->error, elapsed); break;
    case Job::Status::Cancelled: emit cancelled(); break;
    }
}

} // namespace qb
