using System.Runtime.InteropServices;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>System calls the tests make themselves, to set up or check a descriptor.</summary>
internal static partial class TestLibc
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    /// <summary>fcntl(fd, F_GETFD): the descriptor flags (bit 1 is FD_CLOEXEC).</summary>
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl_getfd(int fd, int cmd = 1, int arg = 0);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int posix_openpt(int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int grantpt(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int unlockpt(int fd);

    [LibraryImport("libc")]
    internal static unsafe partial int ptsname_r(int fd, byte* buf, nuint buflen);

    [LibraryImport("libc")]
    internal static partial uint getuid();

    [LibraryImport("libc")]
    internal static partial uint getgid();

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int setsockopt(int sockfd, int level, int optname, void* optval, int optlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int getsockopt(int sockfd, int level, int optname, void* optval, int* optlen);

    /// <summary>
    /// prlimit(pid, RLIMIT_NOFILE, {soft, hard}, NULL) with the hard limit kept: lowers another
    /// process's descriptor limit while it runs. Returns 0, or -1 with errno.
    /// </summary>
    internal static unsafe int SetDescriptorLimit(int pid, ulong soft)
    {
        ulong* old = stackalloc ulong[2];
        if (prlimit(pid, 7, null, old) != 0)
        {
            return -1;
        }

        ulong* limit = stackalloc ulong[2];
        limit[0] = soft;
        limit[1] = old[1];
        return prlimit(pid, 7, limit, null);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int prlimit(int pid, int resource, ulong* newLimit, ulong* oldLimit);

    /// <summary>setsockopt(fd, SOL_SOCKET, SO_LINGER, {on, seconds}): with on and 0 seconds, close sends a reset (RST).</summary>
    internal static unsafe int SetLinger(int fd, bool on, int seconds)
    {
        int* linger = stackalloc int[2];
        linger[0] = on ? 1 : 0;
        linger[1] = seconds;
        return setsockopt(fd, 1, 13, linger, 2 * sizeof(int));
    }

    [LibraryImport("libc")]
    internal static partial int gettid();

    [LibraryImport("libc")]
    internal static partial int getpid();

    /// <summary>Sends <paramref name="sig"/> to one thread of this process.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tgkill(int tgid, int tid, int sig);

    /// <summary>glibc's sigaction; the structs are <see cref="SigactionSize"/> bytes (x86-64 and arm64).</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static unsafe partial int sigaction(int sig, byte* action, byte* oldAction);

    /// <summary>Size of glibc's <c>struct sigaction</c>: handler, a 1024-bit mask, flags, restorer.</summary>
    internal const int SigactionSize = 152;

    /// <summary>Offset of <c>sa_flags</c> in glibc's <c>struct sigaction</c>.</summary>
    internal const int SigactionFlagsOffset = 136;

    internal const int SA_RESTART = 0x10000000;
}
