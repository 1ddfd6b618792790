using System.Runtime.InteropServices;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>System calls the tests make themselves, to set up or check a descriptor.</summary>
internal static partial class TestLibc
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int dup(int fd);

    [LibraryImport("libc", SetLastError = true)]
    internal static partial int close(int fd);
}
