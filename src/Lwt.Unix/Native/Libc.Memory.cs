// Libc.Memory.cs: memory-mapped files (Lwt_bytes.map_file, madvise, mincore).

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

internal static unsafe partial class Libc
{
    internal const int PROT_READ = 0x1;
    internal const int PROT_WRITE = 0x2;
    internal const int MAP_SHARED = 0x1;
    internal const int MAP_PRIVATE = 0x2;
    internal const int MADV_NORMAL = 0;
    internal const int MADV_RANDOM = 1;
    internal const int MADV_SEQUENTIAL = 2;
    internal const int MADV_WILLNEED = 3;
    internal const int MADV_DONTNEED = 4;
    internal const int MADV_MERGEABLE = 12;
    internal const int MADV_UNMERGEABLE = 13;
    internal const int MADV_HUGEPAGE = 14;
    internal const int MADV_NOHUGEPAGE = 15;

    /// <summary>MAP_FAILED, ((void *) -1).</summary>
    internal static readonly nint MAP_FAILED = -1;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, long offset);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int munmap(nint addr, nuint length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int madvise(nint addr, nuint length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int mincore(nint addr, nuint length, byte* vec);
}
