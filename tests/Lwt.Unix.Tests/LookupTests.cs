// LookupTests.cs: Lwt_unix's user, group and host lookups (getlogin, getpwnam, getpwuid,
// getgrnam, getgrgid, gethostname, getaddrinfo, getnameinfo, gethostbyname, gethostbyaddr),
// on names every Linux machine has: root, "localhost", 127.0.0.1.

using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class LookupTests
{
    // Lwt: "getpwnam and Unix.getpwnam", "getpwuid and Unix.getpwuid" (on root, which every system has)
    [Fact]
    public void Getpwnam_and_Getpwuid_find_root() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            PasswdEntry byName = await LwtUnix.Getpwnam("root");
            Assert.Equal(("root", 0, 0), (byName.Name, byName.UserId, byName.GroupId));
            Assert.False(string.IsNullOrEmpty(byName.HomeDirectory));
            PasswdEntry byId = await LwtUnix.Getpwuid(0);
            Assert.Equal(byName, byId);
        }));

    // Lwt: "getgrnam and Unix.getgrnam", "getgrgid and Unix.getgrgid"
    [Fact]
    public void Getgrnam_and_Getgrgid_find_group_zero() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            GroupEntry byId = await LwtUnix.Getgrgid(0);
            Assert.Equal(0, byId.GroupId);
            GroupEntry byName = await LwtUnix.Getgrnam(byId.Name);
            Assert.Equal((byId.Name, byId.GroupId), (byName.Name, byName.GroupId));
            Assert.Equal(byId.Members, byName.Members);
        }));

    [Fact]
    public void Unknown_users_and_groups_reject_with_KeyNotFoundException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getpwnam("no-such-user-lwt-test"));
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getgrnam("no-such-group-lwt-test"));
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getpwuid(0x7FFF_FFF0));
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getgrgid(0x7FFF_FFF0));
        }));

    // Lwt: "getlogin and Unix.getlogin" runs only where getlogin works; without a terminal it fails.
    [Fact]
    public void Getlogin_gives_a_name_or_a_UnixException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            try
            {
                Assert.False(string.IsNullOrEmpty(await LwtUnix.Getlogin()));
            }
            catch (UnixException e)
            {
                Assert.Equal("getlogin", e.Call);
            }
        }));

    [Fact]
    public void Gethostname_is_the_machine_name() =>
        LoopThread.Run(() => Assert.Equal(Environment.MachineName, Main.Run(LwtUnix.Gethostname), ignoreCase: true));

    [Fact]
    public void Getaddrinfo_resolves_loopback_names_and_ports() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            AddressInfo[] numeric = await LwtUnix.Getaddrinfo("127.0.0.1", "80", socketType: SocketType.Stream);
            AddressInfo only = Assert.Single(numeric);
            Assert.Equal(new IPEndPoint(IPAddress.Loopback, 80), only.Address);
            Assert.Equal((AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp), (only.Family, only.SocketType, only.Protocol));

            AddressInfo[] local = await LwtUnix.Getaddrinfo("localhost", "", AddressFamily.InterNetwork);
            Assert.NotEmpty(local);
            Assert.All(local, a => Assert.True(IPAddress.IsLoopback(((IPEndPoint)a.Address).Address)));

            AddressInfo[] passive = await LwtUnix.Getaddrinfo("", "8080", AddressFamily.InterNetwork, SocketType.Stream, options: AddressInfoOptions.Passive);
            Assert.Equal(new IPEndPoint(IPAddress.Any, 8080), Assert.Single(passive).Address);
        }));

    [Fact]
    public void Getaddrinfo_of_an_unknown_host_is_empty_as_in_Lwt() =>
        LoopThread.Run(() =>
        {
            // NumericHost: no DNS query leaves the machine.
            AddressInfo[] none = Main.Run(() => LwtUnix.Getaddrinfo("not-an-address.invalid", "", options: AddressInfoOptions.NumericHost));
            Assert.Empty(none);
        });

    [Fact]
    public void Getnameinfo_names_loopback_addresses() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            NameInfo numeric = await LwtUnix.Getnameinfo(new IPEndPoint(IPAddress.Loopback, 80), NameInfoOptions.NumericHost | NameInfoOptions.NumericService);
            Assert.Equal(new NameInfo("127.0.0.1", "80"), numeric);
            NameInfo named = await LwtUnix.Getnameinfo(new IPEndPoint(IPAddress.Loopback, 0));
            Assert.False(string.IsNullOrEmpty(named.HostName));
        }));

    // glibc's getnameinfo (Lwt's job calls it) on AF_UNIX: the node name, or "localhost" for a
    // numeric host, or EAI_NONAME when a name is required; the path as the service.
    [Fact]
    public void Getnameinfo_of_a_unix_domain_address_answers_as_glibc() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var address = new System.Net.Sockets.UnixDomainSocketEndPoint("/tmp/lwt-name.sock");
            Assert.Equal(new NameInfo(System.Net.Dns.GetHostName(), "/tmp/lwt-name.sock"), await LwtUnix.Getnameinfo(address));
            Assert.Equal(new NameInfo("localhost", "/tmp/lwt-name.sock"), await LwtUnix.Getnameinfo(address, NameInfoOptions.NumericHost));
            await Rejection.Of<System.Collections.Generic.KeyNotFoundException>(
                LwtUnix.Getnameinfo(address, NameInfoOptions.NumericHost | NameInfoOptions.NameRequired));
        }));

    [Fact]
    public void Gethostbyname_resolves_localhost_and_Gethostbyaddr_names_it() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            IPHostEntry byName = await LwtUnix.Gethostbyname("localhost");
            Assert.Contains(IPAddress.Loopback, byName.AddressList);
            Assert.All(byName.AddressList, a => Assert.Equal(AddressFamily.InterNetwork, a.AddressFamily));
            IPHostEntry numeric = await LwtUnix.Gethostbyname("127.0.0.1");
            Assert.Equal([IPAddress.Loopback], numeric.AddressList);
            IPHostEntry byAddress = await LwtUnix.Gethostbyaddr(IPAddress.Loopback);
            Assert.False(string.IsNullOrEmpty(byAddress.HostName));
        }));

    [Fact]
    public void Gethostbyname_of_an_unknown_host_rejects_with_KeyNotFoundException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // ".invalid" is reserved (RFC 6761): resolvers answer "no such name" without asking anyone.
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Gethostbyname("no-such-host.invalid"));
        }));

    [Fact]
    public void Lookup_bad_arguments_throw_at_once()
    {
        Assert.Throws<ArgumentException>(() => LwtUnix.Getpwnam(""));
        Assert.Throws<ArgumentNullException>(() => LwtUnix.Getgrnam(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.Getpwuid(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => LwtUnix.Getgrgid(-1));
        Assert.Throws<ArgumentNullException>(() => LwtUnix.Getaddrinfo(null!, ""));
        Assert.Throws<ArgumentNullException>(() => LwtUnix.Getaddrinfo("", null!));
        Assert.Throws<ArgumentException>(() => LwtUnix.Getaddrinfo("a\0b", ""));
        Assert.Throws<ArgumentNullException>(() => LwtUnix.Getnameinfo(null!));
        Assert.Throws<ArgumentException>(() => LwtUnix.Gethostbyname(""));
        Assert.Throws<ArgumentNullException>(() => LwtUnix.Gethostbyaddr(null!));
    }
}
