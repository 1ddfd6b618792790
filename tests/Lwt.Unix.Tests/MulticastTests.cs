// MulticastTests.cs: Lwt_unix's IPv4 multicast options (test_mcast.ml by intent), on the loopback
// interface only: the receiver joins a group on 127.0.0.1 and the sender's IP_MULTICAST_IF (set
// by the test itself, Lwt has no call for it) is 127.0.0.1, so no datagram leaves the machine.
// Where Lwt waits one second for a datagram that must not come, these tests send a unicast marker
// after the multicast datagram: both go through lo's queue in order, so receiving the marker
// first proves the multicast datagram was not delivered.

using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class MulticastTests
{
    private const int IPPROTO_IP = 0;
    private const int IP_MULTICAST_IF = 32;
    private const int IP_MULTICAST_TTL = 33;
    private const int IP_MULTICAST_LOOP = 34;
    private static int s_group;

    // Lwt: test_mcast.ml › "mcast-join-loop"
    [Fact]
    public void A_member_on_loopback_receives_a_looped_back_datagram() =>
        Assert.Equal("hello", Exchange(join: true, drop: false));

    // Lwt: test_mcast.ml › "mcast-nojoin-loop"
    [Fact]
    public void A_socket_that_did_not_join_receives_nothing() =>
        Assert.Equal("marker", Exchange(join: false, drop: false));

    // Lwt: test_mcast.ml › "mcast-join-noloop", "mcast-nojoin-noloop". Sent out on lo, a datagram
    // comes back through lo itself whatever IP_MULTICAST_LOOP says (the option only stops the
    // extra local copy of a datagram sent on another interface), so on loopback only the option's
    // value can be checked.
    [Fact]
    public unsafe void Set_loop_sets_IP_MULTICAST_LOOP() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            int value = -1, length = sizeof(int);
            s.McastSetLoop(false);
            Assert.Equal(0, TestLibc.getsockopt(s.Fd, IPPROTO_IP, IP_MULTICAST_LOOP, &value, &length));
            Assert.Equal(0, value);
            s.McastSetLoop(true);
            Assert.Equal(0, TestLibc.getsockopt(s.Fd, IPPROTO_IP, IP_MULTICAST_LOOP, &value, &length));
            Assert.Equal(1, value);
        });

    [Fact]
    public void After_drop_membership_nothing_is_received() =>
        Assert.Equal("marker", Exchange(join: true, drop: true));

    [Fact]
    public unsafe void Set_ttl_sets_IP_MULTICAST_TTL() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            s.McastSetTtl(7);
            int ttl = 0, length = sizeof(int);
            Assert.Equal(0, TestLibc.getsockopt(s.Fd, IPPROTO_IP, IP_MULTICAST_TTL, &ttl, &length));
            Assert.Equal(7, ttl);
            Assert.Equal("ttl", Assert.Throws<ArgumentOutOfRangeException>(() => s.McastSetTtl(256)).ParamName);
            Assert.Equal("ttl", Assert.Throws<ArgumentOutOfRangeException>(() => s.McastSetTtl(-1)).ParamName);
        });

    [Fact]
    public void Bad_addresses_and_sockets_are_refused() =>
        LoopThread.Run(() =>
        {
            using FileDescriptor s = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            Assert.Equal("group", Assert.Throws<ArgumentException>(() => s.McastAddMembership(IPAddress.IPv6Loopback)).ParamName);
            Assert.Equal("interfaceAddress", Assert.Throws<ArgumentException>(() => s.McastAddMembership(Group(), IPAddress.IPv6Loopback)).ParamName);
            Assert.Equal("group", Assert.Throws<ArgumentNullException>(() => s.McastDropMembership(null!)).ParamName);

            // 127.0.0.1 is not a multicast group: the kernel says EINVAL.
            Assert.Equal("setsockopt", Assert.Throws<UnixException>(() => s.McastAddMembership(IPAddress.Loopback, IPAddress.Loopback)).Call);

            (FileDescriptor a, FileDescriptor b) = FileDescriptor.SocketPair();
            try
            {
                Assert.Throws<InvalidOperationException>(() => a.McastSetLoop(true));
                Assert.Throws<InvalidOperationException>(() => a.McastAddMembership(Group()));
            }
            finally
            {
                a.Close();
                b.Close();
            }
            Assert.Equal("mcast_set_loop", Assert.Throws<UnixException>(() => a.McastSetLoop(true)).Call);
        });

    /// <summary>IP_MULTICAST_IF = 127.0.0.1: multicast datagrams the socket sends go out on lo only.</summary>
    private static unsafe void SendFromLoopback(FileDescriptor sender)
    {
        uint loopback = BitConverter.ToUInt32(IPAddress.Loopback.GetAddressBytes());
        Assert.Equal(0, TestLibc.setsockopt(sender.Fd, IPPROTO_IP, IP_MULTICAST_IF, &loopback, sizeof(uint)));
    }

    private static IPAddress Group() => IPAddress.Parse("225.0.0." + (1 + (System.Threading.Interlocked.Increment(ref s_group) % 250)));

    private static string Exchange(bool join, bool drop) =>
        LoopThread.Run(() =>
        {
            IPAddress group = Group();
            using FileDescriptor receiver = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            using FileDescriptor sender = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Dgram);
            receiver.Bind(new IPEndPoint(IPAddress.Any, 0));
            int port = ((IPEndPoint)receiver.GetSockName()).Port;
            if (join)
            {
                receiver.McastAddMembership(group, IPAddress.Loopback);
            }

            if (drop)
            {
                receiver.McastDropMembership(group, IPAddress.Loopback);
            }

            SendFromLoopback(sender);
            sender.McastSetLoop(true);
            sender.McastSetTtl(1);
            return Main.Run(async () =>
            {
                await sender.SendToAsync("hello"u8.ToArray(), new IPEndPoint(group, port));
                await sender.SendToAsync("marker"u8.ToArray(), new IPEndPoint(IPAddress.Loopback, port));
                byte[] buffer = new byte[64];
                int n = await receiver.RecvAsync(buffer);
                return Encoding.ASCII.GetString(buffer, 0, n);
            });
        });
}
