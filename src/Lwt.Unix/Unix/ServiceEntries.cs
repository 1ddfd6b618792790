// ServiceEntries.cs: the records of Lwt_unix's protocol and service lookups (OCaml's
// Unix.protocol_entry and Unix.service_entry).

namespace Lwt.Unix;

/// <summary>A network protocol, from <see cref="LwtUnix.Getprotobyname"/> or <see cref="LwtUnix.Getprotobynumber"/> (Lwt's <c>protocol_entry</c>).</summary>
/// <param name="Name">The official name, e.g. "tcp" (<c>p_name</c>).</param>
/// <param name="Aliases">Other names (<c>p_aliases</c>).</param>
/// <param name="Number">The protocol number, e.g. 6 (<c>p_proto</c>).</param>
public sealed record ProtocolEntry(string Name, string[] Aliases, int Number);

/// <summary>A network service, from <see cref="LwtUnix.Getservbyname"/> or <see cref="LwtUnix.Getservbyport"/> (Lwt's <c>service_entry</c>).</summary>
/// <param name="Name">The official name, e.g. "http" (<c>s_name</c>).</param>
/// <param name="Aliases">Other names (<c>s_aliases</c>).</param>
/// <param name="Port">The port number, in host byte order (<c>s_port</c>).</param>
/// <param name="Protocol">The protocol, e.g. "tcp" (<c>s_proto</c>).</param>
public sealed record ServiceEntry(string Name, string[] Aliases, int Port, string Protocol);
