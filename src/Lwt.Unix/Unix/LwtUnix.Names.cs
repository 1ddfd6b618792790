// LwtUnix.Names.cs: gethostname, getaddrinfo, getnameinfo, gethostbyname, gethostbyaddr as
// jobs: they may ask DNS, which can take seconds. gethostbyname/gethostbyaddr are built on
// getaddrinfo/getnameinfo (Lwt calls gethostbyname_r/gethostbyaddr_r on glibc, and serializes
// the non-reentrant calls behind a lock elsewhere), so their entries carry no aliases.

using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    // struct addrinfo on 64-bit Linux.
    private const int AddrinfoSize = 48;
    private const int SockaddrMax = 128;

    /// <summary>The name of this machine (Lwt's <c>Lwt_unix.gethostname</c>).</summary>
    /// <returns>The host name.</returns>
    /// <exception cref="UnixException">Rejects the promise when <c>gethostname(2)</c> fails.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<string> Gethostname() => Job(static () =>
    {
        byte* buffer = stackalloc byte[Libc.NI_MAXHOST + 1];
        if (Libc.gethostname(buffer, Libc.NI_MAXHOST) != 0)
        {
            throw UnixException.FromLastError("gethostname");
        }

        buffer[Libc.NI_MAXHOST] = 0;
        return Marshal.PtrToStringUTF8((nint)buffer)!;
    });

    /// <summary>
    /// The addresses for a host and a service (Lwt's <c>Lwt_unix.getaddrinfo</c>), in the system's
    /// order. As in Lwt (and OCaml's <c>Unix.getaddrinfo</c>), a failed lookup, an unknown host
    /// included, gives an empty array, not an error.
    /// </summary>
    /// <param name="host">A host name or numeric address; empty for the local machine (loopback, or the wildcard with <see cref="AddressInfoOptions.Passive"/>).</param>
    /// <param name="service">A service name or port number; empty for port 0.</param>
    /// <param name="family">Only this family (Lwt's <c>AI_FAMILY</c>); <see cref="AddressFamily.Unspecified"/> for all.</param>
    /// <param name="socketType">Only this socket type (Lwt's <c>AI_SOCKTYPE</c>); <see cref="SocketType.Unknown"/> for all.</param>
    /// <param name="protocol">Only this protocol (Lwt's <c>AI_PROTOCOL</c>); <see cref="ProtocolType.Unspecified"/> for all.</param>
    /// <param name="options">Other options.</param>
    /// <returns>The answers; empty when the lookup failed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="host"/> or <paramref name="service"/> is null.</exception>
    /// <exception cref="ArgumentException">A string has a NUL character, or the family is not IPv4, IPv6, Unix or unspecified.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static unsafe Promise<AddressInfo[]> Getaddrinfo(
        string host,
        string service,
        AddressFamily family = AddressFamily.Unspecified,
        SocketType socketType = SocketType.Unknown,
        ProtocolType protocol = ProtocolType.Unspecified,
        AddressInfoOptions options = AddressInfoOptions.None)
    {
        CheckName(host, nameof(host));
        CheckName(service, nameof(service));
        int nativeFamily = family == AddressFamily.Unspecified ? 0 : SocketAddressCodec.ToNative(family, nameof(family));
        int nativeType = socketType == SocketType.Unknown ? 0 : (int)socketType;
        int nativeFlags = (int)(options & (AddressInfoOptions.Passive | AddressInfoOptions.CanonicalName | AddressInfoOptions.NumericHost));
        return Job(() => ResolveAll(host, service, nativeFamily, nativeType, (int)protocol, nativeFlags));
    }

    /// <summary>The host and service names of an address (Lwt's <c>Lwt_unix.getnameinfo</c>).</summary>
    /// <param name="address">An <see cref="IPEndPoint"/> (or a <see cref="UnixDomainSocketEndPoint"/>, whose "host" is the machine's name).</param>
    /// <param name="options">Options.</param>
    /// <returns>The names.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException">An unsupported kind of endpoint.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when the address has no name and one is required, or the lookup fails (Lwt's <c>Not_found</c>).</exception>
    /// <remarks>A job on a worker thread (except for Unix-domain endpoints): canceling the promise withdraws the call only while it waits for a free worker.</remarks>
    public static unsafe Promise<NameInfo> Getnameinfo(EndPoint address, NameInfoOptions options = NameInfoOptions.None)
    {
        ArgumentNullException.ThrowIfNull(address);
        byte[] sockaddr = new byte[SockaddrMax];
        int length = SocketAddressCodec.Encode(address, sockaddr);
        int nativeFlags = (int)options & 0x1F;
        if (address is UnixDomainSocketEndPoint)
        {
            // As glibc's getnameinfo, which Lwt's job calls, answers for AF_UNIX: the node name
            // (or "localhost" for a numeric host, and no name at all when one is required), and the path.
            string path = address.ToString() ?? "";
            if ((options & NameInfoOptions.NumericHost) == 0)
            {
                return Gethostname().Map(h => new NameInfo(h, path));
            }

            return (options & NameInfoOptions.NameRequired) != 0
                ? Promise.Fail<NameInfo>(new KeyNotFoundException("getnameinfo: a Unix-domain address has no host name and NameRequired asks for one."))
                : Promise.Return(new NameInfo("localhost", path));
        }

        return Job(() => NameOf(sockaddr, length, nativeFlags, "getnameinfo"));
    }

    /// <summary>
    /// The IPv4 addresses of a host (Lwt's <c>Lwt_unix.gethostbyname</c>), resolved with
    /// <c>getaddrinfo</c>: <see cref="IPHostEntry.HostName"/> is the canonical name, <see cref="IPHostEntry.Aliases"/> is empty.
    /// </summary>
    /// <param name="name">A host name or numeric IPv4 address.</param>
    /// <returns>The host entry.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when the host is unknown (Lwt's <c>Not_found</c>).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<IPHostEntry> Gethostbyname(string name)
    {
        CheckPath(name, nameof(name));
        return Job(() =>
        {
            AddressInfo[] answers = ResolveAll(name, "", Libc.AF_INET, (int)SocketType.Stream, 0, Libc.AI_CANONNAME);
            if (answers.Length == 0)
            {
                throw new KeyNotFoundException($"gethostbyname: host not found: '{name}'.");
            }

            var addresses = new List<IPAddress>();
            foreach (AddressInfo a in answers)
            {
                IPAddress ip = ((IPEndPoint)a.Address).Address;
                if (!addresses.Contains(ip))
                {
                    addresses.Add(ip);
                }
            }

            string canonical = answers[0].CanonicalName.Length > 0 ? answers[0].CanonicalName : name;
            return new IPHostEntry { HostName = canonical, Aliases = [], AddressList = addresses.ToArray() };
        });
    }

    /// <summary>The name of the host at an address (Lwt's <c>Lwt_unix.gethostbyaddr</c>), resolved with <c>getnameinfo</c>.</summary>
    /// <param name="address">The address.</param>
    /// <returns>The host entry: its name, no aliases, and the address.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="KeyNotFoundException">Rejects the promise when the address has no name (Lwt's <c>Not_found</c>).</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise<IPHostEntry> Gethostbyaddr(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        byte[] sockaddr = new byte[SockaddrMax];
        int length = SocketAddressCodec.Encode(new IPEndPoint(address, 0), sockaddr);
        return Job(() =>
        {
            NameInfo names = NameOf(sockaddr, length, 0x8 /* NI_NAMEREQD */, "gethostbyaddr");
            return new IPHostEntry { HostName = names.HostName, Aliases = [], AddressList = [address] };
        });
    }

    private static void CheckName(string value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("The string cannot contain a NUL character.", paramName);
        }
    }

    private static unsafe AddressInfo[] ResolveAll(string host, string service, int family, int socketType, int protocol, int flags)
    {
        byte* hints = stackalloc byte[AddrinfoSize];
        new Span<byte>(hints, AddrinfoSize).Clear();
        *(int*)hints = flags;
        *(int*)(hints + 4) = family;
        *(int*)(hints + 8) = socketType;
        *(int*)(hints + 12) = protocol;
        byte* list = null;
        if (Libc.getaddrinfo(host.Length == 0 ? null : host, service.Length == 0 ? null : service, hints, &list) != 0)
        {
            return [];
        }

        try
        {
            var answers = new List<AddressInfo>();
            for (byte* ai = list; ai != null; ai = *(byte**)(ai + 40))
            {
                int length = *(int*)(ai + 16);
                byte* addr = *(byte**)(ai + 24);
                int aiFamily = *(int*)(ai + 4);
                if (addr == null || aiFamily is not (Libc.AF_INET or Libc.AF_INET6 or Libc.AF_UNIX))
                {
                    continue;
                }

                EndPoint endPoint = SocketAddressCodec.Decode(new ReadOnlySpan<byte>(addr, length), length);
                string canonical = Marshal.PtrToStringUTF8(*(nint*)(ai + 32)) ?? "";
                answers.Add(new AddressInfo(
                    endPoint.AddressFamily, (SocketType)(*(int*)(ai + 8)), (ProtocolType)(*(int*)(ai + 12)), endPoint, canonical));
            }

            return answers.ToArray();
        }
        finally
        {
            Libc.freeaddrinfo(list);
        }
    }

    private static unsafe NameInfo NameOf(byte[] sockaddr, int length, int flags, string call)
    {
        byte* host = stackalloc byte[Libc.NI_MAXHOST];
        byte* service = stackalloc byte[Libc.NI_MAXSERV];
        int rc;
        fixed (byte* a = sockaddr)
        {
            rc = Libc.getnameinfo(a, length, host, Libc.NI_MAXHOST, service, Libc.NI_MAXSERV, flags);
        }

        if (rc != 0)
        {
            string reason = rc == Libc.EAI_SYSTEM
                ? Marshal.PtrToStringUTF8(Libc.strerror(Marshal.GetLastPInvokeError())) ?? "system error"
                : Marshal.PtrToStringUTF8(Libc.gai_strerror(rc)) ?? "error " + rc;
            throw new KeyNotFoundException($"{call}: {reason}.");
        }

        return new NameInfo(Marshal.PtrToStringUTF8((nint)host)!, Marshal.PtrToStringUTF8((nint)service)!);
    }
}
