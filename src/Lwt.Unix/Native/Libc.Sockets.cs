// Libc.Sockets.cs: vector I/O, message sockets (send/recv, sendmsg/recvmsg with SCM_RIGHTS),
// peer credentials, the remaining socket options and IPv4 multicast. The struct layouts are
// those of 64-bit Linux (x86-64, arm64), where every pointer and size_t is 8 bytes.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

/// <summary><c>struct iovec</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Iovec
{
    public void* IovBase;
    public nuint IovLen;
}

/// <summary><c>struct msghdr</c>; natural alignment gives the padding after <c>msg_namelen</c> and <c>msg_flags</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Msghdr
{
    public void* MsgName;
    public uint MsgNamelen;
    public Iovec* MsgIov;
    public nuint MsgIovlen;
    public void* MsgControl;
    public nuint MsgControllen;
    public int MsgFlags;
}

/// <summary><c>struct cmsghdr</c>; its data follows, aligned to 8 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Cmsghdr
{
    public nuint CmsgLen;
    public int CmsgLevel;
    public int CmsgType;
}

/// <summary><c>struct ucred</c> (SO_PEERCRED).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Ucred
{
    public int Pid;
    public uint Uid;
    public uint Gid;
}

/// <summary><c>struct linger</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Linger
{
    public int LOnoff;
    public int LLinger;
}

/// <summary><c>struct timeval</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct Timeval
{
    public long TvSec;
    public long TvUsec;
}

/// <summary><c>struct ip_mreq</c>: both addresses in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct IpMreq
{
    public uint ImrMultiaddr;
    public uint ImrInterface;
}

internal static unsafe partial class Libc
{
    internal const int MSG_OOB = 0x1;
    internal const int MSG_PEEK = 0x2;
    internal const int MSG_DONTROUTE = 0x4;
    internal const int MSG_CTRUNC = 0x8;
    internal const int MSG_DONTWAIT = 0x40;
    internal const int MSG_NOSIGNAL = 0x4000;
    internal const int MSG_CMSG_CLOEXEC = 0x40000000;
    internal const int SCM_RIGHTS = 1;

    /// <summary>The kernel's limit of descriptors in one SCM_RIGHTS message (SCM_MAX_FD).</summary>
    internal const int SCM_MAX_FD = 253;

    internal const int SO_LINGER = 13;
    internal const int SO_PEERCRED = 17;
    internal const int SO_RCVTIMEO = 20;
    internal const int SO_SNDTIMEO = 21;
    internal const int SO_DOMAIN = 39;
    internal const int IPPROTO_IP = 0;
    internal const int IP_MULTICAST_TTL = 33;
    internal const int IP_MULTICAST_LOOP = 34;
    internal const int IP_ADD_MEMBERSHIP = 35;
    internal const int IP_DROP_MEMBERSHIP = 36;
    internal const int ENOTSOCK = 88;

    /// <summary>IOV_MAX: the most iovecs one readv/writev/sendmsg takes (UIO_MAXIOV, on every Linux).</summary>
    internal const int IOV_MAX = 1024;

    /// <summary>sizeof(struct cmsghdr): where the data of a control message starts.</summary>
    internal const int CMSG_HDR = 16;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint readv(int fd, Iovec* iov, int iovcnt);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint writev(int fd, Iovec* iov, int iovcnt);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint recvfrom(int sockfd, void* buf, nuint len, int flags, byte* src_addr, int* addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint sendto(int sockfd, void* buf, nuint len, int flags, byte* dest_addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint recvmsg(int sockfd, Msghdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial nint sendmsg(int sockfd, Msghdr* msg, int flags);

    /// <summary>CMSG_ALIGN: control message lengths round up to 8 bytes.</summary>
    internal static int CMSG_ALIGN(int length) => (length + 7) & ~7;

    /// <summary>CMSG_SPACE: room for a control message of <paramref name="length"/> data bytes.</summary>
    internal static int CMSG_SPACE(int length) => CMSG_HDR + CMSG_ALIGN(length);

    /// <summary>CMSG_LEN: the cmsg_len of a control message of <paramref name="length"/> data bytes.</summary>
    internal static int CMSG_LEN(int length) => CMSG_HDR + length;
}
