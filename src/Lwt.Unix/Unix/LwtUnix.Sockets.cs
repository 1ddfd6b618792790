// LwtUnix.Sockets.cs: process-wide socket facts (Lwt_unix.somaxconn).

using System;
using System.Globalization;
using System.IO;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    /// <summary>The glibc SOMAXCONN, used when the kernel's value cannot be read.</summary>
    private const int DefaultSomaxconn = 4096;

    /// <summary>
    /// The kernel's cap on a listening socket's backlog (Lwt's <c>Lwt_unix.somaxconn</c>), read from
    /// <c>/proc/sys/net/core/somaxconn</c>; SOMAXCONN (4096) when that file cannot be read. Lwt returns
    /// the SOMAXCONN its C headers had at build time.
    /// </summary>
    /// <returns>The largest useful backlog for <see cref="FileDescriptor.Listen"/>.</returns>
    public static int Somaxconn()
    {
        try
        {
            string text = File.ReadAllText("/proc/sys/net/core/somaxconn");
            return int.TryParse(text.AsSpan().Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value
                : DefaultSomaxconn;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return DefaultSomaxconn;
        }
    }
}
