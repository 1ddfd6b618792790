// Libc.Server.cs: the errno values Lwt_io's servers and connections tell apart (Linux numbering):
// accept errors that leave the listening socket usable, and the errors a socket option or a
// shutdown on an already dead connection may give.

namespace Lwt.Unix.Native;

internal static partial class Libc
{
    internal const int EPERM = 1;
    internal const int ENOMEM = 12;
    internal const int ENFILE = 23;
    internal const int EMFILE = 24;
    internal const int ENONET = 64;
    internal const int EPROTO = 71;
    internal const int ENOPROTOOPT = 92;
    internal const int EOPNOTSUPP = 95;
    internal const int ENETDOWN = 100;
    internal const int ENETUNREACH = 101;
    internal const int ECONNABORTED = 103;
    internal const int ENOBUFS = 105;
    internal const int ENOTCONN = 107;
    internal const int EHOSTDOWN = 112;
    internal const int EHOSTUNREACH = 113;
}
