// Libc.Io.cs: the system calls the channels (Lwt_io) make beyond those of Libc.cs.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

internal static unsafe partial class Libc
{
    internal const int SEEK_SET = 0;
    internal const int SEEK_CUR = 1;
    internal const int SEEK_END = 2;
}
