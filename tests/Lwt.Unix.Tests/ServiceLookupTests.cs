// ServiceLookupTests.cs: Lwt_unix's getprotobyname, getprotobynumber, getservbyname and
// getservbyport, on entries of /etc/protocols and /etc/services every Linux system has. Lwt's
// suite has no tests for them; these follow the documented behaviour (Not_found when missing).

using System;
using System.Collections.Generic;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class ServiceLookupTests
{
    [Fact]
    public void Protocols_are_found_by_name_and_by_number() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProtocolEntry tcp = await LwtUnix.Getprotobyname("tcp");
            Assert.Equal(("tcp", 6), (tcp.Name, tcp.Number));
            Assert.Contains("TCP", tcp.Aliases);
            ProtocolEntry udp = await LwtUnix.Getprotobynumber(17);
            Assert.Equal(("udp", 17), (udp.Name, udp.Number));
        }));

    [Fact]
    public void Services_are_found_by_name_and_by_port() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ServiceEntry http = await LwtUnix.Getservbyname("http", "tcp");
            Assert.Equal(("http", 80, "tcp"), (http.Name, http.Port, http.Protocol));
            ServiceEntry ssh = await LwtUnix.Getservbyport(22, "tcp");
            Assert.Equal(("ssh", 22, "tcp"), (ssh.Name, ssh.Port, ssh.Protocol));
            ServiceEntry byAlias = await LwtUnix.Getservbyname("www", "tcp");
            Assert.Equal(80, byAlias.Port);
        }));

    [Fact]
    public void Unknown_protocols_and_services_reject_with_KeyNotFoundException() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getprotobyname("no-such-protocol"));
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getprotobynumber(250));
            await Rejection.Of<KeyNotFoundException>(LwtUnix.Getservbyname("no-such-service", "tcp"));
            KeyNotFoundException e = await Rejection.Of<KeyNotFoundException>(LwtUnix.Getservbyport(1, "no-such-protocol"));
            Assert.Contains("getservbyport", e.Message, StringComparison.Ordinal);
        }));

    [Fact]
    public void Bad_arguments_throw_at_once() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentException>("name", () => LwtUnix.Getprotobyname(""));
            Assert.Throws<ArgumentException>("name", () => LwtUnix.Getprotobyname("tc\0p"));
            Assert.Throws<ArgumentOutOfRangeException>("number", () => LwtUnix.Getprotobynumber(-1));
            Assert.Throws<ArgumentException>("protocol", () => LwtUnix.Getservbyname("http", ""));
            Assert.Throws<ArgumentNullException>("name", () => LwtUnix.Getservbyname(null!, "tcp"));
            Assert.Throws<ArgumentOutOfRangeException>("port", () => LwtUnix.Getservbyport(-1, "tcp"));
            Assert.Throws<ArgumentOutOfRangeException>("port", () => LwtUnix.Getservbyport(65536, "tcp"));
        });
}
