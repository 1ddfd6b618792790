// FileStatus.cs: Lwt_unix's stats record, decoded from struct statx. statx rather than stat
// because its layout is the same on every architecture, so one decoder serves them all.

using System;
using System.IO;

namespace Lwt.Unix;

/// <summary>
/// What <see cref="LwtUnix.Stat"/>, <see cref="LwtUnix.Lstat"/> and <see cref="FileDescriptor.FstatAsync"/>
/// report about a file (Lwt's <c>Lwt_unix.stats</c>). Times are UTC with the file system's precision.
/// </summary>
public sealed record FileStatus
{
    /// <summary>The device the file is on (<c>st_dev</c>).</summary>
    public ulong Device { get; init; }

    /// <summary>The inode number (<c>st_ino</c>).</summary>
    public ulong Inode { get; init; }

    /// <summary>The kind of file.</summary>
    public FileKind Kind { get; init; }

    /// <summary>The permission bits, set-id and sticky bits included (<c>st_perm</c>, the low 12 bits of <c>st_mode</c>).</summary>
    public UnixFileMode Permissions { get; init; }

    /// <summary>The number of hard links (<c>st_nlink</c>).</summary>
    public int Links { get; init; }

    /// <summary>The owner's user id (<c>st_uid</c>).</summary>
    public int UserId { get; init; }

    /// <summary>The group id (<c>st_gid</c>).</summary>
    public int GroupId { get; init; }

    /// <summary>The device a device file stands for (<c>st_rdev</c>); 0 for other files.</summary>
    public ulong RawDevice { get; init; }

    /// <summary>The size in bytes (<c>st_size</c>).</summary>
    public long Size { get; init; }

    /// <summary>The last access (<c>st_atime</c>).</summary>
    public DateTimeOffset AccessTime { get; init; }

    /// <summary>The last change of the contents (<c>st_mtime</c>).</summary>
    public DateTimeOffset ModificationTime { get; init; }

    /// <summary>The last change of the status (<c>st_ctime</c>).</summary>
    public DateTimeOffset ChangeTime { get; init; }

    /// <summary>Decodes a filled <c>struct statx</c> (offsets from linux/stat.h, the same on every architecture).</summary>
    internal static unsafe FileStatus FromStatx(byte* b) => new()
    {
        Links = (int)*(uint*)(b + 16),
        UserId = (int)*(uint*)(b + 20),
        GroupId = (int)*(uint*)(b + 24),
        Kind = KindOf(*(ushort*)(b + 28)),
        Permissions = (UnixFileMode)(*(ushort*)(b + 28) & 0xFFF),
        Inode = *(ulong*)(b + 32),
        Size = *(long*)(b + 40),
        AccessTime = TimeAt(b + 64),
        ChangeTime = TimeAt(b + 96),
        ModificationTime = TimeAt(b + 112),
        RawDevice = MakeDev(*(uint*)(b + 128), *(uint*)(b + 132)),
        Device = MakeDev(*(uint*)(b + 136), *(uint*)(b + 140)),
    };

    private static FileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x4000 => FileKind.Directory,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0xA000 => FileKind.SymbolicLink,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        _ => FileKind.Regular,
    };

    private static readonly long MinSeconds = (DateTimeOffset.MinValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
    private static readonly long MaxSeconds = (DateTimeOffset.MaxValue - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;

    // struct statx_timestamp: tv_sec (s64), tv_nsec (u32). DateTimeOffset spans the years 1 to 9999;
    // a file system may keep times beyond (tmpfs takes any 64-bit second), which stand at its ends
    // (Lwt's times are floats, so any value reads).
    private static unsafe DateTimeOffset TimeAt(byte* t)
    {
        long seconds = *(long*)t;
        return seconds <= MinSeconds ? DateTimeOffset.MinValue
            : seconds >= MaxSeconds ? DateTimeOffset.MaxValue
            : DateTimeOffset.UnixEpoch.AddTicks((seconds * TimeSpan.TicksPerSecond) + (*(uint*)(t + 8) / 100));
    }

    // glibc's makedev, so that the numbers equal stat(2)'s st_dev and st_rdev.
    private static ulong MakeDev(ulong major, ulong minor) =>
        ((major & 0xFFFFF000UL) << 32) | ((major & 0xFFFUL) << 8) | ((minor & 0xFFFFFF00UL) << 12) | (minor & 0xFFUL);
}
