// LwtUnix.Services.cs: getprotobyname, getprotobynumber, getservbyname, getservbyport as jobs.
// They read /etc/protocols and /etc/services or ask NSS, so they run on the worker pool, with
// the reentrant _r calls and the growing buffer of the user lookups (LwtUnix.Users.cs).

using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    // struct protoent and struct servent on 64-bit glibc.
    private const int ProtoentSize = 24;
    private const int ServentSize = 32;

    /// <summary>The protocol named <paramref name="name"/>, e.g. "tcp" (Lwt's <c>Lwt_unix.getprotobyname</c>).</summary>
    /// <param name="name">The protocol name or alias.</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such protocol (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<ProtocolEntry> Getprotobyname(string name)
    {
        CheckPath(name, nameof(name));
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getprotobyname_r(name, entry, buffer, size, result),
            ProtoentSize,
            ReadProtocol,
            "getprotobyname",
            name));
    }

    /// <summary>The protocol with number <paramref name="number"/>, e.g. 6 (Lwt's <c>Lwt_unix.getprotobynumber</c>).</summary>
    /// <param name="number">The protocol number.</param>
    /// <returns>The protocol.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="number"/> is negative.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such protocol (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<ProtocolEntry> Getprotobynumber(int number)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(number);
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getprotobynumber_r(number, entry, buffer, size, result),
            ProtoentSize,
            ReadProtocol,
            "getprotobynumber",
            number.ToString(CultureInfo.InvariantCulture)));
    }

    /// <summary>The service named <paramref name="name"/> over <paramref name="protocol"/>, e.g. "http" over "tcp" (Lwt's <c>Lwt_unix.getservbyname</c>).</summary>
    /// <param name="name">The service name or alias.</param>
    /// <param name="protocol">The protocol name.</param>
    /// <returns>The service.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="protocol"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such service (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<ServiceEntry> Getservbyname(string name, string protocol)
    {
        CheckPath(name, nameof(name));
        CheckPath(protocol, nameof(protocol));
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getservbyname_r(name, protocol, entry, buffer, size, result),
            ServentSize,
            ReadService,
            "getservbyname",
            name + "/" + protocol));
    }

    /// <summary>The service on <paramref name="port"/> over <paramref name="protocol"/>, e.g. 80 over "tcp" (Lwt's <c>Lwt_unix.getservbyport</c>).</summary>
    /// <param name="port">The port number, in host byte order.</param>
    /// <param name="protocol">The protocol name.</param>
    /// <returns>The service.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="port"/> is not in [0, 65535].</exception>
    /// <exception cref="ArgumentException"><paramref name="protocol"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when there is no such service (Lwt's <c>Not_found</c>).</exception>
    /// <exception cref="UnixException">Rejects the promise when the lookup itself fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<ServiceEntry> Getservbyport(int port, string protocol)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        CheckPath(protocol, nameof(protocol));
        int networkPort = BinaryPrimitives.ReverseEndianness((ushort)port);
        return Job(() => Lookup(
            (entry, buffer, size, result) => Libc.getservbyport_r(networkPort, protocol, entry, buffer, size, result),
            ServentSize,
            ReadService,
            "getservbyport",
            port.ToString(CultureInfo.InvariantCulture) + "/" + protocol));
    }

    private static unsafe string[] Aliases(byte* field)
    {
        var aliases = new List<string>();
        for (byte** a = *(byte***)field; a != null && *a != null; a++)
        {
            aliases.Add(Marshal.PtrToStringUTF8((nint)(*a))!);
        }

        return aliases.ToArray();
    }

    private static unsafe ProtocolEntry ReadProtocol(byte* p) => new(Str(p), Aliases(p + 8), *(int*)(p + 16));

    private static unsafe ServiceEntry ReadService(byte* s) =>
        new(Str(s), Aliases(s + 8), BinaryPrimitives.ReverseEndianness((ushort)*(int*)(s + 16)), Str(s + 24));
}
