using System.Net;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>The server and client example of docs/getting-started.md, kept compiling and true.</summary>
[Collection(nameof(LeakTests))]
public class GettingStartedExampleTests
{
    [Fact]
    public void The_client_gets_its_line_back_in_upper_case_and_everything_is_closed_after()
    {
        // The first run opens what the runtime keeps for good (its socket and signal plumbing).
        Assert.Equal("HELLO", LoopThread.Run(() => Main.Run(ServerAndClient)));
        int before = LoopThread.OpenDescriptors();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal("HELLO", LoopThread.Run(() => Main.Run(ServerAndClient)));
        }

        Assert.InRange(LoopThread.OpenDescriptors(), 0, before);
    }

    // The first example of docs/getting-started.md.
    [Fact]
    public void Main_Run_returns_what_the_async_lambda_returns() =>
        Assert.Equal(42, LoopThread.Run(() =>
        {
            int answer = Main.Run(async () =>
            {
                await Time.Sleep(System.TimeSpan.FromMilliseconds(100));
                return 42;
            });
            return answer;
        }));

    // As in docs/getting-started.md.
    private static async Promise<string> ServerAndClient()
    {
        // A server on a free port of 127.0.0.1: each connection gets its own pair of channels
        // and its own run of the handler, concurrently with the others.
        await using Server server = await Server.EstablishWithClientAddress(
            new IPEndPoint(IPAddress.Loopback, 0),
            async (client, input, output) =>
            {
                while (await input.TryReadLine() is string line)
                {
                    await output.WriteLine(line.ToUpperInvariant());
                    await output.Flush();
                }
            });

        // A client: Connection.With closes both channels when the function is done.
        return await Connection.With(server.LocalEndPoint, async (input, output) =>
        {
            await output.WriteLine("hello");
            await output.Flush();
            return await input.ReadLine();
        });
    }
}
