// Libc.Process.cs: spawning and waiting for child processes (posix_spawn, pidfd_open, wait4).
// The opaque posix_spawn types are given buffers larger than glibc's (80 and 336 bytes on
// x86-64), since only their address crosses the boundary.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

internal static unsafe partial class Libc
{
    internal const int SpawnFileActionsSize = 256;
    internal const int SpawnAttrSize = 512;
    internal const int SigsetSize = 128;
    internal const int RusageSize = 144;

    internal const short POSIX_SPAWN_SETSIGDEF = 0x04;
    internal const short POSIX_SPAWN_SETSIGMASK = 0x08;
    internal const int WNOHANG = 1;
    internal const int WUNTRACED = 2;
    internal const int O_RDWR = 2;
    internal const int ESRCH = 3;
    internal const int ECHILD = 10;
    internal const int ENOSYS = 38;
    internal const int SIGKILL = 9;
    internal const int SIGTERM = 15;
    internal const int SIGCHLD = 17;
    internal const int SIGSTOP = 19;
    internal const int SIGCONT = 18;

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);

    /// <summary>A variable of the process's native environment, which posix_spawnp reads (.NET keeps its own copy, which SetEnvironmentVariable changes alone).</summary>
    internal static string? GetEnvironment(string name) => Marshal.PtrToStringUTF8(getenv(name));

    [LibraryImport("libc")]
    internal static partial int posix_spawn(int* pid, byte* path, void* file_actions, void* attrp, byte** argv, byte** envp);

    [LibraryImport("libc")]
    internal static partial int posix_spawnp(int* pid, byte* file, void* file_actions, void* attrp, byte** argv, byte** envp);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_init(void* file_actions);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_destroy(void* file_actions);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_adddup2(void* file_actions, int fildes, int newfildes);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_addclose(void* file_actions, int fildes);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_addopen(void* file_actions, int fildes, byte* path, int oflag, uint mode);

    [LibraryImport("libc")]
    internal static partial int posix_spawn_file_actions_addchdir_np(void* file_actions, byte* path);

    [LibraryImport("libc")]
    internal static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc")]
    internal static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc")]
    internal static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc")]
    internal static partial int posix_spawnattr_setsigmask(void* attr, void* sigmask);

    [LibraryImport("libc")]
    internal static partial int posix_spawnattr_setsigdefault(void* attr, void* sigdefault);

    [LibraryImport("libc")]
    internal static partial int sigemptyset(void* set);

    [LibraryImport("libc")]
    internal static partial int sigfillset(void* set);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int pidfd_open(int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int wait4(int pid, int* wstatus, int options, void* rusage);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getpgid(int pid);
}
