// Linked into the programs (quantbench, quantbench-cli, the benchmarks), never into a library:
// makes OpenMP's idle threads sleep instead of spinning unless the user chose otherwise.
//
// oneDNN runs on libgomp, whose idle threads by default spin 300,000 rounds at every barrier
// before sleeping. On a desktop other programs keep cores busy: a spinning worker then takes a
// core from the thread the barrier waits for (mnist-12 W8A8 evaluation ran 36x slower with one of
// two cores busy). libgomp reads OMP_WAIT_POLICY once, in its library constructor, before main().
// The executable's .preinit_array runs earlier than any library's initialiser, but a setenv()
// there is lost: libc's own initialiser, which runs after it, resets `environ` to the array the
// kernel passed. So the program re-executes itself once, with OMP_WAIT_POLICY=PASSIVE added,
// before any library has initialised (about a millisecond). OMP_DISPLAY_ENV=verbose shows the
// effect: GOMP_SPINCOUNT = '0'.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace {

bool isSet(char** envp, const char* name) {
    const size_t n = std::strlen(name);
    for (char** e = envp; e && *e; ++e)
        if (std::strncmp(*e, name, n) == 0 && (*e)[n] == '=') return true;
    return false;
}

void preferPassiveWaiting(int, char** argv, char** envp) {
    // An explicit choice of the user (or of a parent that already did this) wins.
    if (isSet(envp, "OMP_WAIT_POLICY") || isSet(envp, "GOMP_SPINCOUNT") || !argv || !argv[0]) return;
    size_t count = 0;
    while (envp && envp[count]) ++count;
    char** env = static_cast<char**>(std::malloc((count + 2) * sizeof(char*)));
    if (!env) return;
    for (size_t k = 0; k < count; ++k) env[k] = envp[k];
    env[count] = const_cast<char*>("OMP_WAIT_POLICY=PASSIVE");
    env[count + 1] = nullptr;
    ::execve("/proc/self/exe", argv, env);
    std::free(env); // no /proc: run on with libgomp's default
}

} // namespace

__attribute__((section(".preinit_array"), used)) static void (*const qbPreferPassiveWaiting)(int, char**, char**) =
    preferPassiveWaiting;
