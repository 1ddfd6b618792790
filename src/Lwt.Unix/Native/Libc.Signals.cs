// Libc.Signals.cs: signal sending, for tests and for code that signals itself.

using System.Runtime.InteropServices;

namespace Lwt.Unix.Native;

internal static partial class Libc
{
    internal const int SIGUSR1 = 10;
    internal const int SIGUSR2 = 12;

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int kill(int pid, int sig);
}
