// What starting a participant's service needs beyond Swift's Glibc module, which leaves out
// glibc's GNU extensions: prlimit (limits on another process), RLIMIT_NPROC, pipe2 and the
// posix_spawn file actions chdir and closefrom (glibc 2.29 and 2.34).
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

enum {
    SAASLAB_RLIMIT_CPU = RLIMIT_CPU,
    SAASLAB_RLIMIT_DATA = RLIMIT_DATA,
    SAASLAB_RLIMIT_NOFILE = RLIMIT_NOFILE,
    SAASLAB_RLIMIT_NPROC = RLIMIT_NPROC,
};

/// Sets `resource`'s soft and hard limits of process `pid` (prlimit(2)); 0, or -1 with errno.
static inline int saaslab_set_limit(int pid, int resource, unsigned long long soft, unsigned long long hard) {
    struct rlimit limit = { (rlim_t)soft, (rlim_t)hard };
    return (int)syscall(SYS_prlimit64, pid, resource, &limit, (struct rlimit *)0);
}

#include <fcntl.h>

/// pipe2(fds, O_CLOEXEC): a pipe no other child started meanwhile inherits.
static inline int saaslab_pipe_cloexec(int fds[2]) {
    return (int)syscall(SYS_pipe2, fds, O_CLOEXEC);
}

#include <spawn.h>

// Declared by spawn.h only under _GNU_SOURCE, which Swift's Glibc module is built without.
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *actions, const char *path);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
