// ServerLeakTests.cs: servers and connections leave no descriptor open, including on their error
// paths (address in use, connection refused, handler failures) and after shutdown. Runs in the
// LeakTests collection, alone, so that no other test opens descriptors while these count.

using System;
using System.Net;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

[Collection(nameof(LeakTests))]
public class ServerLeakTests
{
    [Fact]
    public void Servers_connections_and_their_failures_leave_no_descriptor_open() =>
        LoopThread.Run(() =>
        {
            Promise.AsyncExceptionHook = _ => { };

            // A first round loads the assemblies it needs (each keeps descriptors open) before counting.
            Main.Run(Round);
            int before = LoopThread.OpenDescriptors();
            for (int round = 0; round < 5; round++)
            {
                Main.Run(Round);
            }

            Assert.Equal(before, LoopThread.OpenDescriptors());
        });

    private static async Promise Round()
    {
        int calls = 0;
        Server server = await Server.EstablishWithClientAddress(ServerTests.Loopback, async (peer, input, output) =>
        {
            if (++calls % 2 == 0)
            {
                throw new InvalidOperationException("a failing handler");
            }

            await ServerTests.EchoLines(peer, input, output);
        });
        for (int i = 0; i < 10; i++)
        {
            await Connection.With(server.LocalEndPoint, async (input, output) =>
            {
                await output.WriteLine("ping");
                await output.Flush();
                return await input.TryReadLine();
            });
        }

        await Rejection.Of<UnixException>(Server.EstablishWithClientAddress(server.LocalEndPoint, ServerTests.EchoLines));
        EndPoint address = server.LocalEndPoint;
        await server.Shutdown();

        // The server's side of the last connection closes when its handler sees the client go.
        await server.WaitForHandlers();

        await Rejection.Of<UnixException>(Connection.Open(address));
    }
}
