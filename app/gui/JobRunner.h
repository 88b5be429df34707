// The one way the GUI runs a long core call: on a worker thread, with throttled progress and
// a cancel flag, reporting the outcome back on the GUI thread.
#pragma once
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QThreadPool>
#include <QTimer>
#include <any>
#include <functional>
#include <memory>

#include "core/util/job.h"

namespace qb {

/// Runs one job at a time off the GUI thread; starting a job cancels the one before it.
class JobRunner : public QObject {
    Q_OBJECT
public:
    /// The work: a core call that reports progress and honours cancel through the context.
    using Work = std::function<std::any(JobContext&)>;
    /// Progress reaches the GUI at most this often.
    static constexpr int kProgressIntervalMs = 50;

    explicit JobRunner(QObject* parent = nullptr);
    /// Cancels every job this runner started and waits for them to stop.
    ~JobRunner() override;

    /// Runs `work` on a worker thread; a job still running is cancelled and its outcome dropped.
    void start(const QString& title, Work work);
    /// Asks the running job to stop; cancelled() follows once it has stopped.
    void cancel();
    /// Asks the running job to stop and reports cancelled() now, without waiting for it.
    void abandon();
    bool isBusy() const { return current_ != nullptr; }
    QString title() const { return title_; }

signals:
    void started(const QString& title);
    /// fraction in [0,1] and the core's stage text; throttled to kProgressIntervalMs.
    void progressChanged(double fraction, const QString& stage);
    void succeeded(const std::any& result, qint64 elapsedMs);
    /// The job threw: the qb::Error text ("<file>: <what>") or another exception's message.
    void failed(const QString& message, qint64 elapsedMs);
    void cancelled();

public:
    /// Shared between the GUI thread and the worker; outlives whichever lets go last.
    struct Job;

private:
    void pollProgress();
    void onFinished(const std::shared_ptr<Job>& job);

    QThreadPool pool_;
    QTimer progressTimer_;
    QElapsedTimer clock_;
    std::shared_ptr<Job> current_;
    QString title_;
};

} // namespace qb
