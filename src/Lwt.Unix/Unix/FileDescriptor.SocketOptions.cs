// FileDescriptor.SocketOptions.cs: the socket options Lwt has beyond bool and int ones
// (getsockopt_optint/setsockopt_optint for SO_LINGER, getsockopt_float/setsockopt_float for
// SO_RCVTIMEO/SO_SNDTIMEO) and get_credentials (SO_PEERCRED). All are synchronous, as in Lwt.

using System;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>Sets an option whose value is an integer or nothing (Lwt's <c>Lwt_unix.setsockopt_optint</c>).</summary>
    /// <param name="option">The option (<see cref="SocketOptionalIntOption.Linger"/>).</param>
    /// <param name="value">The value, or null to turn the option off.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value; <paramref name="value"/> is negative.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed (ENOTSOCK...).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe void SetSocketOption(SocketOptionalIntOption option, int? value)
    {
        CheckOptional(option);
        if (value is int v)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(v, nameof(value));
        }

        CheckDescriptor("setsockopt");
        var linger = new Linger { LOnoff = value.HasValue ? 1 : 0, LLinger = value ?? 0 };
        if (Libc.setsockopt(_fd, Libc.SOL_SOCKET, Libc.SO_LINGER, &linger, sizeof(Linger)) != 0)
        {
            throw UnixException.FromLastError("setsockopt", FdText);
        }
    }

    /// <summary>Reads an option whose value is an integer or nothing (Lwt's <c>Lwt_unix.getsockopt_optint</c>).</summary>
    /// <param name="option">The option (<see cref="SocketOptionalIntOption.Linger"/>).</param>
    /// <returns>The value, or null when the option is off.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe int? GetSocketOption(SocketOptionalIntOption option)
    {
        CheckOptional(option);
        CheckDescriptor("getsockopt");
        Linger linger = default;
        int length = sizeof(Linger);
        if (Libc.getsockopt(_fd, Libc.SOL_SOCKET, Libc.SO_LINGER, &linger, &length) != 0)
        {
            throw UnixException.FromLastError("getsockopt", FdText);
        }

        return linger.LOnoff != 0 ? linger.LLinger : null;
    }

    /// <summary>
    /// Sets a time option (Lwt's <c>Lwt_unix.setsockopt_float</c>, which takes seconds). The kernel keeps
    /// microseconds; <see cref="TimeSpan.Zero"/> means no time limit.
    /// </summary>
    /// <param name="option">The option.</param>
    /// <param name="value">The duration, zero or more.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value; <paramref name="value"/> is negative.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe void SetSocketOption(SocketTimeOption option, TimeSpan value)
    {
        int name = Native(option);
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        CheckDescriptor("setsockopt");
        long microseconds = value.Ticks / TimeSpan.TicksPerMicrosecond;
        var time = new Timeval { TvSec = microseconds / 1_000_000, TvUsec = microseconds % 1_000_000 };
        if (Libc.setsockopt(_fd, Libc.SOL_SOCKET, name, &time, sizeof(Timeval)) != 0)
        {
            throw UnixException.FromLastError("setsockopt", FdText);
        }
    }

    /// <summary>Reads a time option (Lwt's <c>Lwt_unix.getsockopt_float</c>, which gives seconds).</summary>
    /// <param name="option">The option.</param>
    /// <returns>The duration; zero means no time limit.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="option"/> is not a defined value.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe TimeSpan GetSocketOption(SocketTimeOption option)
    {
        int name = Native(option);
        CheckDescriptor("getsockopt");
        Timeval time = default;
        int length = sizeof(Timeval);
        if (Libc.getsockopt(_fd, Libc.SOL_SOCKET, name, &time, &length) != 0)
        {
            throw UnixException.FromLastError("getsockopt", FdText);
        }

        return TimeSpan.FromTicks((time.TvSec * 1_000_000 + time.TvUsec) * TimeSpan.TicksPerMicrosecond);
    }

    /// <summary>
    /// The process at the other end of a connected Unix-domain socket (Lwt's <c>Lwt_unix.get_credentials</c>,
    /// <c>SO_PEERCRED</c>): the credentials it had when it connected, or made the socket pair.
    /// </summary>
    /// <returns>Its pid, uid and gid.</returns>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>getsockopt(2)</c> failed (ENOTSOCK on a descriptor that is not a socket).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public unsafe PeerCredentials GetCredentials()
    {
        CheckDescriptor("get_credentials");
        Ucred credentials = default;
        int length = sizeof(Ucred);
        if (Libc.getsockopt(_fd, Libc.SOL_SOCKET, Libc.SO_PEERCRED, &credentials, &length) != 0)
        {
            throw UnixException.FromLastError("get_credentials", FdText);
        }

        return new PeerCredentials(credentials.Pid, (int)credentials.Uid, (int)credentials.Gid);
    }

    private static void CheckOptional(SocketOptionalIntOption option)
    {
        if (option != SocketOptionalIntOption.Linger)
        {
            throw new ArgumentOutOfRangeException(nameof(option), option, "Not a SocketOptionalIntOption.");
        }
    }

    private static int Native(SocketTimeOption option) => option switch
    {
        SocketTimeOption.ReceiveTimeout => Libc.SO_RCVTIMEO,
        SocketTimeOption.SendTimeout => Libc.SO_SNDTIMEO,
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "Not a SocketTimeOption."),
    };
}
