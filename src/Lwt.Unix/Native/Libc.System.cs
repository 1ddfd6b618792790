// Libc.System.cs: the system calls of Lwt_unix's remaining system values: chroot, protocol and
// service lookups, CPU affinity, terminal attributes, and select(2) for SelectEngine.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

// struct timeval (Timeval) is declared in Libc.Sockets.cs.

internal static unsafe partial class Libc
{
    internal const int ENOTDIR = 20;

    // select(2): fd_set is FD_SETSIZE bits.
    internal const int FD_SETSIZE = 1024;

    // Terminals (asm-generic/termbits.h).
    internal const int TCSANOW = 0;
    internal const int TCSADRAIN = 1;
    internal const int TCSAFLUSH = 2;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chroot(string path);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getprotobyname_r(string name, byte* resultBuf, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc")]
    internal static partial int getprotobynumber_r(int proto, byte* resultBuf, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getservbyname_r(string name, string proto, byte* resultBuf, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getservbyport_r(int port, string proto, byte* resultBuf, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int sched_getcpu();

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int sched_getaffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int sched_setaffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcgetattr(int fd, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcsetattr(int fd, int optionalActions, byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcsendbreak(int fd, int duration);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcdrain(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcflush(int fd, int queueSelector);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int tcflow(int fd, int action);

    [LibraryImport("libc")]
    internal static partial uint cfgetispeed(byte* termios);

    [LibraryImport("libc")]
    internal static partial uint cfgetospeed(byte* termios);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int cfsetispeed(byte* termios, uint speed);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int cfsetospeed(byte* termios, uint speed);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int select(int nfds, ulong* readfds, ulong* writefds, ulong* exceptfds, Timeval* timeout);
}
