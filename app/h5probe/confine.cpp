#include "confine.h"

#include <fcntl.h>
#include <seccomp.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <memory>

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QB_H5PROBE_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(QB_H5PROBE_SANITIZED)
#define QB_H5PROBE_SANITIZED 1
#endif

namespace qb::h5probe {

namespace {

struct FilterDeleter {
    void operator()(scmp_filter_ctx ctx) const { seccomp_release(ctx); }
};

} // namespace

std::string confine() {
    std::unique_ptr<void, FilterDeleter> ctx(seccomp_init(SCMP_ACT_KILL_PROCESS));
    if (!ctx) return "seccomp_init failed";
    int rc = 0;
    auto allow = [&](int nr) { rc = rc ? rc : seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, nr, 0); };
    auto deny = [&](int nr) { rc = rc ? rc : seccomp_rule_add(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 0); };

    // Reading files, and what glibc and libhdf5 do around it.
    for (int nr : {SCMP_SYS(read), SCMP_SYS(pread64), SCMP_SYS(readv), SCMP_SYS(preadv), SCMP_SYS(lseek),
                   SCMP_SYS(fstat), SCMP_SYS(newfstatat), SCMP_SYS(stat), SCMP_SYS(lstat), SCMP_SYS(statx),
                   SCMP_SYS(access), SCMP_SYS(faccessat), SCMP_SYS(close), SCMP_SYS(flock), SCMP_SYS(fcntl),
                   SCMP_SYS(getdents64), SCMP_SYS(readlink), SCMP_SYS(getcwd)})
        allow(nr);
    // Memory: anything but executable pages.
    for (int nr : {SCMP_SYS(brk), SCMP_SYS(munmap), SCMP_SYS(mremap), SCMP_SYS(madvise)}) allow(nr);
    for (int nr : {SCMP_SYS(mmap), SCMP_SYS(mprotect)})
        rc = rc ? rc : seccomp_rule_add(ctx.get(), SCMP_ACT_ALLOW, nr, 1, SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    // The process itself: time, signals, locks, exit.
    for (int nr : {SCMP_SYS(futex), SCMP_SYS(getpid), SCMP_SYS(gettid), SCMP_SYS(clock_gettime),
                   SCMP_SYS(gettimeofday), SCMP_SYS(getrandom), SCMP_SYS(rt_sigaction), SCMP_SYS(rt_sigprocmask),
                   SCMP_SYS(rt_sigreturn), SCMP_SYS(sigaltstack), SCMP_SYS(exit), SCMP_SYS(exit_group),
                   SCMP_SYS(sched_yield), SCMP_SYS(getrusage), SCMP_SYS(sysinfo), SCMP_SYS(uname)})
        allow(nr);
    // The only way back is stderr, a pipe to the parent.
    const scmp_arg_cmp toStderr{0, SCMP_CMP_EQ, 2, 0};
    for (int nr : {SCMP_SYS(write), SCMP_SYS(writev)})
        rc = rc ? rc : seccomp_rule_add_array(ctx.get(), SCMP_ACT_ALLOW, nr, 1, &toStderr);

#ifdef QB_H5PROBE_SANITIZED
    // AddressSanitizer builds (the fuzz tree) have UBSan too: its dynamic type check tests whether
    // memory is readable by writing it into a pipe of its own, and was stopped here (every HDF5
    // file was refused as corrupt). Only in sanitizer builds; no file can be opened for writing.
    for (int nr : {SCMP_SYS(pipe), SCMP_SYS(pipe2), SCMP_SYS(write)}) allow(nr);
#endif

    // open/openat read-only; with any flag that writes, creates or truncates: EPERM.
    constexpr int kWriting[] = {O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND};
    constexpr scmp_datum_t kAnyWriting = O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND;
    for (auto [nr, arg] : {std::pair{SCMP_SYS(openat), 2u}, std::pair{SCMP_SYS(open), 1u}}) {
        const scmp_arg_cmp readOnly{arg, SCMP_CMP_MASKED_EQ, kAnyWriting, 0};
        rc = rc ? rc : seccomp_rule_add_array(ctx.get(), SCMP_ACT_ALLOW, nr, 1, &readOnly);
        for (int flag : kWriting) {
            const scmp_arg_cmp writing{arg, SCMP_CMP_MASKED_EQ, scmp_datum_t(flag), scmp_datum_t(flag)};
            rc = rc ? rc : seccomp_rule_add_array(ctx.get(), SCMP_ACT_ERRNO(EPERM), nr, 1, &writing);
        }
    }
    // Programs, processes and the network: refused, so that an attempt fails visibly.
    for (int nr : {SCMP_SYS(execve), SCMP_SYS(execveat), SCMP_SYS(fork), SCMP_SYS(vfork), SCMP_SYS(clone),
                   SCMP_SYS(clone3), SCMP_SYS(socket), SCMP_SYS(socketpair), SCMP_SYS(connect), SCMP_SYS(ptrace),
                   SCMP_SYS(creat), SCMP_SYS(unlink), SCMP_SYS(unlinkat), SCMP_SYS(rename), SCMP_SYS(renameat),
                   SCMP_SYS(renameat2), SCMP_SYS(truncate), SCMP_SYS(ftruncate), SCMP_SYS(mkdir), SCMP_SYS(mkdirat),
                   SCMP_SYS(pwrite64), SCMP_SYS(pwritev)})
        deny(nr);
    if (rc != 0) return std::string("seccomp_rule_add failed: ") + std::strerror(-rc);
    if (const int r = seccomp_load(ctx.get()); r != 0) return std::string("seccomp_load failed: ") + std::strerror(-r);
    return "";
}

} // namespace qb::h5probe
