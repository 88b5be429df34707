// quantbench-h5probe READER FILE: reads FILE with QuantBench's Keras model reader ("keras"), its
// project reader ("project") or checks the project marker ("is-project"), under the confinement
// of confine.h, for core/formats/hdf5_guard.h.
// Exit 0: read cleanly. Exit 73: the reader refused the file; stderr holds the qb::Error's
// `where` on one line and its text on the next. A crash of libhdf5 ends it by its signal.
//   quantbench-h5probe --confinement-test   tries what the confinement forbids, prints each result
//   quantbench-h5probe --unlisted-call      makes a call the policy does not list (chdir): SIGSYS
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "confine.h"
#include "core/formats/keras_h5_reader.h"
#include "core/formats/project_file.h"
#include "core/util/error.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define QB_ASAN 1
#endif
#endif
#if defined(QB_ASAN) || defined(__SANITIZE_ADDRESS__)
// In an AddressSanitizer build (the fuzz tree), LeakSanitizer's check at exit stops the process's
// threads from a new thread with ptrace, which the confinement forbids (the probe exits after its
// one read), and ASan's report of a crash makes calls it forbids too: a libhdf5 crash must end the
// probe by its signal, as in every other build, for hdf5_guard to name it. A corrupt file can make
// libhdf5 ask for an absurd allocation: malloc returns null there as in Release (libhdf5 turns it
// into an error) instead of ASan's report, which the confinement would stop.
extern "C" const char* __asan_default_options() {
    return "detect_leaks=0:handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_sigill=0:"
           "allocator_may_return_null=1";
}
#endif

namespace {

constexpr int kReadThrew = 73;
constexpr int kUsage = 64;
constexpr int kNotConfined = 70;

void say(const std::string& s) { (void)!::write(2, s.data(), s.size()); }

// Each forbidden action, reported as "name: refused (errno text)" or "name: ALLOWED".
int confinementTest() {
    int allowed = 0;
    auto report = [&](const char* what, bool refused) {
        say(std::string(what) + (refused ? ": refused (" + std::string(std::strerror(errno)) + ")\n" : ": ALLOWED\n"));
        allowed += refused ? 0 : 1;
    };
    const char* target = "/tmp/quantbench-h5probe-confinement-test";
    const int fd = ::open(target, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    report("open for writing", fd < 0 && errno == EPERM);
    const int rw = ::open("/proc/self/status", O_RDWR);
    report("open read-write", rw < 0 && errno == EPERM);
    const int ro = ::open("/proc/self/status", O_RDONLY);
    say(std::string("open read-only: ") + (ro >= 0 ? "allowed\n" : "REFUSED\n"));
    if (ro < 0) ++allowed; // reading must still work
    const pid_t pid = ::fork();
    if (pid == 0) ::_exit(0);
    report("fork", pid < 0 && errno == EPERM);
    char* argv[] = {const_cast<char*>("/bin/true"), nullptr};
    ::execv("/bin/true", argv);
    report("exec /bin/true", errno == EPERM);
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    report("socket", s < 0 && errno == EPERM);
    return allowed == 0 ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    const std::string mode = argc >= 2 ? argv[1] : "";
    const bool test = argc == 2 && (mode == "--confinement-test" || mode == "--unlisted-call");
    if (!test && !(argc == 3 && (mode == "keras" || mode == "project" || mode == "is-project"))) {
        say("usage: quantbench-h5probe keras|project|is-project FILE\n       quantbench-h5probe --confinement-test\n");
        return kUsage;
    }
    if (const std::string why = qb::h5probe::confine(); !why.empty()) {
        say("cannot confine the HDF5 check: " + why + "\n");
        return kNotConfined;
    }
    if (mode == "--unlisted-call") return ::chdir("/") == 0 ? 0 : 1; // never returns: killed by SIGSYS
    if (argc == 2) return confinementTest();
    const std::string path = argv[2];
    try {
        if (mode == "keras")
            qb::readKerasH5ForProbe(path);
        else if (mode == "project")
            qb::readProjectForProbe(path);
        else
            qb::checkProjectMarkerForProbe(path);
    } catch (const qb::Error& e) {
        say(e.where() + "\n" + e.what() + "\n");
        ::_exit(kReadThrew);
    } catch (const std::exception& e) {
        say(path + "\n" + path + ": " + e.what() + "\n");
        ::_exit(kReadThrew);
    }
    // _exit: no library shutdown (HDF5's atexit handlers) after a read of a hostile file.
    ::_exit(0);
}
