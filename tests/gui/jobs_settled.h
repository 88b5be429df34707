// For the checks that nothing (else) was reported after a job ended or was cancelled: wait until
// no worker of the workspace is running and every outcome the workers posted has been delivered,
// instead of a fixed wait that a slow machine may outlast.
#pragma once
#include <QCoreApplication>
#include <QTest>
#include <QThreadPool>

#include "app/gui/Workspace.h"

namespace qb::test {

/// True once `workspace`'s pool has no running job and the GUI thread has handled what the
/// finished ones posted; false if a job still runs after `timeoutMs`.
inline bool jobsSettled(const qb::Workspace& workspace, int timeoutMs) {
    // A worker posts its outcome before it returns, so once the pool is idle nothing more comes.
    if (!QTest::qWaitFor([&] { return workspace.pool().activeThreadCount() == 0; }, timeoutMs)) return false;
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    return true;
}

} // namespace qb::test
