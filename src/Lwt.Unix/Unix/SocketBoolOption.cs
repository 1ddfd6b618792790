namespace Lwt.Unix;

/// <summary>Boolean socket options (Lwt's <c>Lwt_unix.socket_bool_option</c>), for <see cref="FileDescriptor.SetSocketOption(SocketBoolOption, bool)"/>.</summary>
public enum SocketBoolOption
{
    /// <summary><c>SO_DEBUG</c>: record debugging information.</summary>
    Debug,

    /// <summary><c>SO_BROADCAST</c>: allow sending to broadcast addresses.</summary>
    Broadcast,

    /// <summary><c>SO_REUSEADDR</c>: allow binding an address still in TIME_WAIT.</summary>
    ReuseAddress,

    /// <summary><c>SO_KEEPALIVE</c>: send keep-alive probes.</summary>
    KeepAlive,

    /// <summary><c>SO_DONTROUTE</c>: bypass routing.</summary>
    DontRoute,

    /// <summary><c>SO_OOBINLINE</c>: keep out-of-band data in the normal stream.</summary>
    OutOfBandInline,

    /// <summary><c>SO_ACCEPTCONN</c> (read only): whether the socket listens.</summary>
    AcceptConnection,

    /// <summary><c>TCP_NODELAY</c>: disable Nagle's algorithm.</summary>
    TcpNoDelay,

    /// <summary><c>IPV6_V6ONLY</c>: an IPv6 socket accepts IPv6 only.</summary>
    IPv6Only,

    /// <summary><c>SO_REUSEPORT</c>: let several sockets bind the same port (one loop per core).</summary>
    ReusePort,
}
