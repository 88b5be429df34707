#include "app/cli/interrupt.h"

#include <pthread.h>
#include <signal.h>
#include <unistd.h>

#include <thread>

namespace qb::cli {
namespace {

std::atomic<std::atomic<bool>*> gCancel{nullptr};

} // namespace

void watchInterrupts() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);
    std::thread([set] {
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            if (std::atomic<bool>* c = gCancel.load()) c->store(true);
            else _exit(130);
        }
    }).detach();
}

CancelOnInterrupt::CancelOnInterrupt(std::atomic<bool>& cancel) : previous_(gCancel.exchange(&cancel)) {
    cancel.store(false);
}

CancelOnInterrupt::~CancelOnInterrupt() { gCancel.store(previous_); }

} // namespace qb::cli
