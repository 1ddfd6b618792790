// Libc.NoWait.cs: preadv2/pwritev2 with RWF_NOWAIT, which read or write a regular file only when
// that cannot block (the data is in the page cache) and fail with EAGAIN otherwise.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

internal static unsafe partial class Libc
{
    internal const int RWF_NOWAIT = 0x8;

    /// <summary><c>iov</c> points to <c>iovcnt</c> pairs of words: <c>iov_base</c>, <c>iov_len</c>.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint preadv2(int fd, nuint* iov, int iovcnt, long offset, int flags);

    /// <summary><c>iov</c> points to <c>iovcnt</c> pairs of words: <c>iov_base</c>, <c>iov_len</c>.</summary>
    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint pwritev2(int fd, nuint* iov, int iovcnt, long offset, int flags);
}
