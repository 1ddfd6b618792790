namespace Lwt.Unix;

/// <summary>Integer socket options (Lwt's <c>Lwt_unix.socket_int_option</c>), for <see cref="FileDescriptor.SetSocketOption(SocketIntOption, int)"/>.</summary>
public enum SocketIntOption
{
    /// <summary><c>SO_SNDBUF</c>: size of the send buffer.</summary>
    SendBuffer,

    /// <summary><c>SO_RCVBUF</c>: size of the receive buffer.</summary>
    ReceiveBuffer,

    /// <summary><c>SO_TYPE</c> (read only): the socket type, as the kernel numbers it.</summary>
    Type,

    /// <summary><c>SO_RCVLOWAT</c>: least number of bytes a read waits for.</summary>
    ReceiveLowWater,

    /// <summary><c>SO_SNDLOWAT</c>: least room a write waits for.</summary>
    SendLowWater,
}
