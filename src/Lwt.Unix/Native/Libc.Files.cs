// Libc.Files.cs: the file, directory and descriptor calls behind LwtUnix and
// FileDescriptor.Files.cs. Paths are marshalled as UTF-8 (LibraryImport's generated code, no
// reflection); those calls run on worker threads, where the copy does not matter. Constants
// are Linux's, which are the same on x86-64 and arm64 for every one used here.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

/// <summary><c>struct timespec</c> on 64-bit Linux.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timespec
{
    public long Seconds;
    public long Nanoseconds;
}

internal static unsafe partial class Libc
{
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_NO_AUTOMOUNT = 0x800;
    internal const uint STATX_BASIC_STATS = 0x7ff;
    internal const int F_DUPFD = 0;
    internal const int F_DUPFD_CLOEXEC = 1030;
    internal const long UTIME_NOW = (1L << 30) - 1;
    internal const int ERANGE = 34;
    internal const int ESPIPE = 29;
    internal const int ENOTTY = 25;
    internal const int EINVAL = 22;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int open(string pathname, int flags, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint pread(int fd, void* buf, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint pwrite(int fd, void* buf, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial long lseek(int fd, long offset, int whence);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int truncate(string path, long length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fdatasync(int fd);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int statx_path(int dirfd, string pathname, int flags, uint mask, byte* statxbuf);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int access(string pathname, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int unlink(string pathname);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rename(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int link(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int symlink(string target, string linkpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint readlink(string pathname, byte* buf, nuint bufsiz);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkdir(string pathname, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int rmdir(string pathname);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chdir(string path);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial byte* getcwd(byte* buf, nuint size);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chmod(string pathname, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fchmod(int fd, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int chown(string pathname, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fchown(int fd, uint owner, uint group);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int utimensat(int dirfd, string pathname, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int isatty(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int dup3(int oldfd, int newfd, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint opendir(string name);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial byte* readdir(nint dirp);

    [LibraryImport("libc")]
    internal static partial void rewinddir(nint dirp);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int closedir(nint dirp);

    [LibraryImport("libc")]
    internal static partial uint getuid();

    [LibraryImport("libc")]
    internal static partial uint getgid();

    // Users, groups and names (LwtUnix.Users.cs, LwtUnix.Names.cs): the reentrant _r forms, so
    // that workers can run them side by side (Lwt serializes the non-reentrant ones instead).
    internal const int AI_PASSIVE = 0x1;
    internal const int AI_CANONNAME = 0x2;
    internal const int AI_NUMERICHOST = 0x4;
    internal const int EAI_SYSTEM = -11;
    internal const int NI_MAXHOST = 1025;
    internal const int NI_MAXSERV = 32;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getlogin_r(byte* buf, nuint bufsize);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getpwnam_r(string name, byte* pwd, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc")]
    internal static partial int getpwuid_r(uint uid, byte* pwd, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getgrnam_r(string name, byte* grp, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc")]
    internal static partial int getgrgid_r(uint gid, byte* grp, byte* buf, nuint buflen, byte** result);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int gethostname(byte* name, nuint len);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int getaddrinfo(string? node, string? service, byte* hints, byte** res);

    [LibraryImport("libc")]
    internal static partial void freeaddrinfo(byte* res);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint gai_strerror(int errcode);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getnameinfo(byte* addr, int addrlen, byte* host, int hostlen, byte* serv, int servlen, int flags);

    internal const int F_GETFD = 1;
    internal const int F_SETFD = 2;
    internal const int FD_CLOEXEC = 1;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int mkfifo(string pathname, uint mode);

    internal const int F_GETLK = 5;
    internal const int F_SETLK = 6;
    internal const int F_SETLKW = 7;
    internal const short F_RDLCK = 0;
    internal const short F_WRLCK = 1;
    internal const short F_UNLCK = 2;
    internal const int EACCES = 13;

    // fcntl with a struct flock* argument (a pointer passes as the fixed argument on the Linux ABIs we run on).
    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl_lock(int fd, int cmd, byte* flock);
}
