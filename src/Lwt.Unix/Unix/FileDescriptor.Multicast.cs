// FileDescriptor.Multicast.cs: Lwt_unix's IPv4 multicast options (mcast_set_loop, mcast_set_ttl,
// mcast_add_membership, mcast_drop_membership). As in Lwt, only IPv4 sockets take them; the
// socket's family is read with SO_DOMAIN so that another family fails clearly instead of the
// kernel applying the IPv4 option to an IPv6 socket.

using System;
using System.Net;
using System.Net.Sockets;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public sealed partial class FileDescriptor
{
    /// <summary>
    /// Whether multicast datagrams this socket sends are looped back to the host's own members
    /// (Lwt's <c>Lwt_unix.mcast_set_loop</c>, IP_MULTICAST_LOOP; on by default).
    /// </summary>
    /// <param name="loop">True to loop them back.</param>
    /// <exception cref="InvalidOperationException">The socket is not an IPv4 socket.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void McastSetLoop(bool loop)
    {
        CheckIPv4("mcast_set_loop");
        SetInt(Libc.IPPROTO_IP, Libc.IP_MULTICAST_LOOP, loop ? 1 : 0);
    }

    /// <summary>
    /// The time-to-live of multicast datagrams this socket sends (Lwt's <c>Lwt_unix.mcast_set_ttl</c>,
    /// IP_MULTICAST_TTL; 1 by default: the local network only).
    /// </summary>
    /// <param name="ttl">0 to 255.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ttl"/> is outside 0..255.</exception>
    /// <exception cref="InvalidOperationException">The socket is not an IPv4 socket.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed.</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void McastSetTtl(int ttl)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ttl);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ttl, 255);
        CheckIPv4("mcast_set_ttl");
        SetInt(Libc.IPPROTO_IP, Libc.IP_MULTICAST_TTL, ttl);
    }

    /// <summary>
    /// Joins the multicast group <paramref name="group"/> on the interface that has the address
    /// <paramref name="interfaceAddress"/> (Lwt's <c>Lwt_unix.mcast_add_membership</c>, IP_ADD_MEMBERSHIP).
    /// </summary>
    /// <param name="group">An IPv4 multicast address (224.0.0.0/4).</param>
    /// <param name="interfaceAddress">The interface's IPv4 address; null (Lwt's default) lets the kernel choose.</param>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    /// <exception cref="ArgumentException">An address is not IPv4.</exception>
    /// <exception cref="InvalidOperationException">The socket is not an IPv4 socket.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed (EINVAL for a group that is not multicast, ENODEV for no such interface).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void McastAddMembership(IPAddress group, IPAddress? interfaceAddress = null) =>
        ModifyMembership(group, interfaceAddress, Libc.IP_ADD_MEMBERSHIP, "mcast_add_membership");

    /// <summary>
    /// Leaves the multicast group <paramref name="group"/> on the interface that has the address
    /// <paramref name="interfaceAddress"/> (Lwt's <c>Lwt_unix.mcast_drop_membership</c>, IP_DROP_MEMBERSHIP).
    /// </summary>
    /// <param name="group">An IPv4 multicast address the socket joined.</param>
    /// <param name="interfaceAddress">The interface's IPv4 address, as given when joining; null for the kernel's choice.</param>
    /// <exception cref="ArgumentNullException"><paramref name="group"/> is null.</exception>
    /// <exception cref="ArgumentException">An address is not IPv4.</exception>
    /// <exception cref="InvalidOperationException">The socket is not an IPv4 socket.</exception>
    /// <exception cref="UnixException">EBADF when the descriptor is closed; <c>setsockopt(2)</c> failed (EADDRNOTAVAIL when not a member).</exception>
    /// <exception cref="Exception">The abort exception when the descriptor is aborted.</exception>
    public void McastDropMembership(IPAddress group, IPAddress? interfaceAddress = null) =>
        ModifyMembership(group, interfaceAddress, Libc.IP_DROP_MEMBERSHIP, "mcast_drop_membership");

    private unsafe void ModifyMembership(IPAddress group, IPAddress? interfaceAddress, int name, string call)
    {
        ArgumentNullException.ThrowIfNull(group);
        var request = new IpMreq
        {
            ImrMultiaddr = IPv4Bytes(group, nameof(group)),
            ImrInterface = interfaceAddress is null ? 0 : IPv4Bytes(interfaceAddress, nameof(interfaceAddress)),
        };
        CheckIPv4(call);
        if (Libc.setsockopt(_fd, Libc.IPPROTO_IP, name, &request, sizeof(IpMreq)) != 0)
        {
            throw UnixException.FromLastError("setsockopt", FdText);
        }
    }

    /// <summary>The four address bytes as they lie in memory (network order), as <c>struct in_addr</c> wants them.</summary>
    private static unsafe uint IPv4Bytes(IPAddress address, string paramName)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address.", paramName);
        }

        uint value = 0;
        address.TryWriteBytes(new Span<byte>(&value, sizeof(uint)), out _);
        return value;
    }

    private void CheckIPv4(string call)
    {
        CheckDescriptor(call);
        if (GetInt(Libc.SOL_SOCKET, Libc.SO_DOMAIN) != Libc.AF_INET)
        {
            throw new InvalidOperationException($"{call} needs an IPv4 socket; descriptor {FdText} is not one.");
        }
    }
}
