// Libc.cs: the system calls the loop makes, declared with LibraryImport (source-generated, no
// marshalling allocations). C names and constants verbatim, as DESIGN.md asks.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

/// <summary>
/// The layout of <c>struct epoll_event</c> (<c>uint32_t events; epoll_data_t data;</c>), which
/// differs by architecture: the kernel's header packs it on x86-64 only (12 bytes, data at offset
/// 4); elsewhere (arm64, riscv64...) data is 8-byte aligned (16 bytes, data at offset 8). Events
/// are read and written through these offsets rather than a C# struct that fits one of them.
/// </summary>
internal static class EpollEventLayout
{
    internal static readonly bool Packed = RuntimeInformation.ProcessArchitecture is Architecture.X64 or Architecture.X86;

    internal static readonly int Size = Packed ? 12 : 16;

    internal static readonly int DataOffset = Packed ? 4 : 8;
}

/// <summary><c>struct pollfd</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int Fd;
    public short Events;
    public short Revents;
}

internal static unsafe partial class Libc
{
    internal const int EPOLL_CLOEXEC = 0x80000;
    internal const int EPOLL_CTL_ADD = 1;
    internal const int EPOLL_CTL_DEL = 2;
    internal const int EPOLL_CTL_MOD = 3;
    internal const uint EPOLLIN = 0x001;
    internal const uint EPOLLOUT = 0x004;
    internal const uint EPOLLERR = 0x008;
    internal const uint EPOLLHUP = 0x010;
    internal const int EFD_CLOEXEC = 0x80000;
    internal const int EFD_NONBLOCK = 0x800;
    internal const int EINTR = 4;
    internal const int EAGAIN = 11;
    internal const int EBADF = 9;
    internal const int ENOENT = 2;
    internal const int ENOEXEC = 8;
    internal const int EINPROGRESS = 115;
    internal const int EISCONN = 106;
    internal const int EAFNOSUPPORT = 97;

    // Descriptors (fcntl, pipe2, statx, poll).
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_TYPE = 0x1;
    internal const int S_IFMT = 0xF000;
    internal const int S_IFIFO = 0x1000;
    internal const int S_IFSOCK = 0xC000;
    internal const short POLLIN = 0x001;
    internal const short POLLOUT = 0x004;

    // Sockets.
    internal const int AF_UNIX = 1;
    internal const int AF_INET = 2;
    internal const int AF_INET6 = 10;
    internal const int SOCK_NONBLOCK = 0x800;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_DEBUG = 1;
    internal const int SO_REUSEADDR = 2;
    internal const int SO_TYPE = 3;
    internal const int SO_ERROR = 4;
    internal const int SO_DONTROUTE = 5;
    internal const int SO_BROADCAST = 6;
    internal const int SO_SNDBUF = 7;
    internal const int SO_RCVBUF = 8;
    internal const int SO_KEEPALIVE = 9;
    internal const int SO_OOBINLINE = 10;
    internal const int SO_REUSEPORT = 15;
    internal const int SO_RCVLOWAT = 18;
    internal const int SO_SNDLOWAT = 19;
    internal const int SO_ACCEPTCONN = 30;
    internal const int IPPROTO_TCP = 6;
    internal const int TCP_NODELAY = 1;
    internal const int IPPROTO_IPV6 = 41;
    internal const int IPV6_V6ONLY = 26;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint read(int fd, void* buf, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint write(int fd, void* buf, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int pipe2(int* fds, int flags);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint strerror(int errnum);

    // fcntl is variadic in C; with integer arguments only, the fixed-argument call is the same on
    // the Linux ABIs we run on (x86-64, arm64).
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint nfds, int timeout);

    // statx rather than fstat: struct statx has the same layout on every architecture.
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int statx(int dirfd, byte* pathname, int flags, uint mask, byte* statxbuf);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int socketpair(int domain, int type, int protocol, int* sv);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int bind(int sockfd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int listen(int sockfd, int backlog);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int accept4(int sockfd, byte* addr, int* addrlen, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int connect(int sockfd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int shutdown(int sockfd, int how);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getsockname(int sockfd, byte* addr, int* addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getpeername(int sockfd, byte* addr, int* addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int getsockopt(int sockfd, int level, int optname, void* optval, int* optlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int setsockopt(int sockfd, int level, int optname, void* optval, int optlen);
}
