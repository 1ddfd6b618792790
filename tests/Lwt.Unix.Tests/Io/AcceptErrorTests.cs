// AcceptErrorTests.cs: a server whose process runs out of descriptors (accept fails with EMFILE)
// keeps its accept loop and serves the waiting connections once descriptors are free again. The
// server is samples/Chat in a CHILD process with a lowered limit (ulimit -n), so that this test
// process keeps its own descriptors; the child's /proc/PID/fd says when it is at its limit. Runs
// in the non-parallel LeakTests collection, as everything that starts child processes does.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

[Collection(nameof(LeakTests))]
public class AcceptErrorTests
{
    // The runtime keeps about 50 descriptors open (assemblies, pipes, epoll, eventfd).
    private const int Limit = 128;

    [Fact]
    public void A_server_at_its_descriptor_limit_accepts_again_once_descriptors_are_free()
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "Chat.dll");
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"ulimit -n {Limit} && exec dotnet \"{dll}\" 0");
        System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;
        try
        {
            string? ready = child.StandardOutput.ReadLine();
            if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            {
                Assert.Fail($"the chat child did not start: {ready} {child.StandardError.ReadToEnd()}");
            }

            var address = new IPEndPoint(IPAddress.Loopback, int.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture));
            LoopThread.Run(() => Main.Run(() => Exhaust(address, child.Id)));
            Assert.False(child.HasExited, "the server died at its descriptor limit");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
            child.StandardOutput.Dispose();
            child.StandardError.Dispose();
            child.Dispose();

            // What the Process kept (its pipes' handles, its wait state) is released by finalizers:
            // run them now, not during the next test that counts descriptors.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }

    private static async Promise Exhaust(IPEndPoint address, int pid)
    {
        // Warm up: the child loads the code of a whole session before it is short of descriptors
        // (loading an assembly needs a descriptor too).
        await Connection.With(address, async (input, output) =>
        {
            Assert.StartsWith("* welcome", await input.ReadLine(), StringComparison.Ordinal);
            await output.WriteLine("warming up");
            await output.WriteLine("/quit");
            await output.Flush();
            return await input.TryReadLine();
        });

        var accepted = new List<(InputChannel Input, OutputChannel Output)>();
        while (Directory.GetFiles($"/proc/{pid}/fd").Length < Limit)
        {
            Assert.True(accepted.Count < 2 * Limit, "the child's descriptor count does not reach its limit");
            (InputChannel, OutputChannel) client = await Connection.Open(address);
            Assert.StartsWith("* welcome", await client.Item1.ReadLine(), StringComparison.Ordinal);
            accepted.Add(client);
        }

        // At the limit: new connections complete in the kernel's backlog, and accept fails.
        var waiting = new List<(InputChannel Input, OutputChannel Output)>();
        for (int i = 0; i < 3; i++)
        {
            waiting.Add(await Connection.Open(address));
        }

        Promise<string>[] welcomes = waiting.Select(c => c.Input.ReadLine()).ToArray();
        Assert.Equal(Limit, Directory.GetFiles($"/proc/{pid}/fd").Length);

        // Free three descriptors in the child: the waiting connections are accepted.
        for (int i = 0; i < 3; i++)
        {
            await accepted[i].Output.Close();
            await accepted[i].Input.Close();
        }

        foreach (Promise<string> welcome in welcomes)
        {
            Assert.StartsWith("* welcome", await welcome, StringComparison.Ordinal);
        }

        // And they chat: the second sees the first's line.
        await waiting[0].Output.WriteLine("after EMFILE");
        await waiting[0].Output.Flush();
        string line;
        do
        {
            line = await waiting[1].Input.ReadLine();
        }
        while (line.StartsWith('*'));
        Assert.EndsWith(": after EMFILE", line, StringComparison.Ordinal);

        foreach ((InputChannel input, OutputChannel output) in accepted.Skip(3).Concat(waiting))
        {
            await Promise.Catch(() => Promise.Join(output.Close(), input.Close()), _ => Promise.Unit);
        }
    }
}
