// NameResolution.cs: the records and flags of Lwt_unix's name resolution (OCaml's
// Unix.addr_info, Unix.name_info and their option lists). Flag values are glibc's.

using System;
using System.Net;
using System.Net.Sockets;

namespace Lwt.Unix;

/// <summary>One answer of <see cref="LwtUnix.Getaddrinfo"/> (Lwt's <c>addr_info</c>).</summary>
/// <param name="Family">The address family (<c>ai_family</c>).</param>
/// <param name="SocketType">The socket type (<c>ai_socktype</c>).</param>
/// <param name="Protocol">The protocol (<c>ai_protocol</c>).</param>
/// <param name="Address">The address: an <see cref="IPEndPoint"/> (port from the service) or a <see cref="UnixDomainSocketEndPoint"/> (<c>ai_addr</c>).</param>
/// <param name="CanonicalName">The canonical host name, only on the first answer with <see cref="AddressInfoOptions.CanonicalName"/>; else empty (<c>ai_canonname</c>).</param>
public sealed record AddressInfo(AddressFamily Family, SocketType SocketType, ProtocolType Protocol, EndPoint Address, string CanonicalName);

/// <summary>The answer of <see cref="LwtUnix.Getnameinfo"/> (Lwt's <c>name_info</c>).</summary>
/// <param name="HostName">The host name, or the numeric address (<c>ni_hostname</c>).</param>
/// <param name="Service">The service name, or the port number (<c>ni_service</c>).</param>
public sealed record NameInfo(string HostName, string Service);

/// <summary>Options of <see cref="LwtUnix.Getaddrinfo"/> (Lwt's <c>AI_PASSIVE</c>, <c>AI_CANONNAME</c>, <c>AI_NUMERICHOST</c>).</summary>
[Flags]
public enum AddressInfoOptions
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>With an empty host: the wildcard address, for binding (<c>AI_PASSIVE</c>); else loopback.</summary>
    Passive = 0x1,

    /// <summary>Report the canonical host name on the first answer (<c>AI_CANONNAME</c>).</summary>
    CanonicalName = 0x2,

    /// <summary>The host must be a numeric address; no lookup is made (<c>AI_NUMERICHOST</c>).</summary>
    NumericHost = 0x4,
}

/// <summary>Options of <see cref="LwtUnix.Getnameinfo"/> (Lwt's <c>getnameinfo_option</c>).</summary>
[Flags]
public enum NameInfoOptions
{
    /// <summary>No option.</summary>
    None = 0,

    /// <summary>Give the host as a numeric address (<c>NI_NUMERICHOST</c>).</summary>
    NumericHost = 0x1,

    /// <summary>Give the service as a port number (<c>NI_NUMERICSERV</c>).</summary>
    NumericService = 0x2,

    /// <summary>Only the host part of a local name (<c>NI_NOFQDN</c>).</summary>
    NoFqdn = 0x4,

    /// <summary>Fail if the host has no name, instead of giving the numeric address (<c>NI_NAMEREQD</c>).</summary>
    NameRequired = 0x8,

    /// <summary>The service is a datagram service (<c>NI_DGRAM</c>).</summary>
    Datagram = 0x10,
}
