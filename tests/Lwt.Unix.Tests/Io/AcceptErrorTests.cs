// AcceptErrorTests.cs: a server whose process runs out of descriptors (accept fails with EMFILE)
// keeps its accept loop and serves the waiting connections once descriptors are free again. The
// server is samples/Chat in a CHILD process, so that this test process keeps its own descriptors.
// Once the child has served one session, its descriptor limit is lowered (prlimit) to what it has
// open plus a margin: the limit follows from what the child really holds, whatever it inherited.
// Its /proc/PID/fd says when it is at the limit. Every step has a deadline of its own, so a hang
// names the step. Runs in the non-parallel LeakTests collection, as everything that starts child
// processes does.

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Runtime.InteropServices;
using Lwt.Io;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Io;

[Collection(nameof(LeakTests))]
public class AcceptErrorTests
{
    // Descriptors the child may open beyond those it holds after its first session.
    private const int Margin = 24;

    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_server_at_its_descriptor_limit_accepts_again_once_descriptors_are_free()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chat.dll"));
        start.ArgumentList.Add("0");
        System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;
        try
        {
            string? ready = child.StandardOutput.ReadLine();
            if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            {
                Assert.Fail($"the chat child did not start: {ready} {child.StandardError.ReadToEnd()}");
            }

            var address = new IPEndPoint(IPAddress.Loopback, int.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture));
            LoopThread.Run(() => Main.Run(() => Exhaust(address, child.Id)), timeoutMs: 60_000);
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

    private static int DescriptorsOf(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    private static Promise<T> Step<T>(string what, Func<Promise<T>> f) =>
        Promise.Catch(
            () => Time.WithTimeout(StepDeadline, f),
            e => e is TimeoutException
                ? throw new Xunit.Sdk.XunitException($"{what}: no answer within {StepDeadline.TotalSeconds} s")
                : Promise.Fail<T>(e));

    private static async Promise Exhaust(IPEndPoint address, int pid)
    {
        // Warm up: the child loads the code of a whole session before it is short of descriptors
        // (loading an assembly needs a descriptor too).
        await Step("the warm-up session", () => Connection.With(address, async (input, output) =>
        {
            Assert.StartsWith("* welcome", await input.ReadLine(), StringComparison.Ordinal);
            await output.WriteLine("warming up");
            await output.WriteLine("/quit");
            await output.Flush();
            return await input.TryReadLine();
        }));

        int limit = DescriptorsOf(pid) + Margin;
        Assert.True(TestLibc.SetDescriptorLimit(pid, (ulong)limit) == 0, $"prlimit: errno {Marshal.GetLastPInvokeError()}");

        var accepted = new List<(InputChannel Input, OutputChannel Output)>();
        while (DescriptorsOf(pid) < limit)
        {
            Assert.True(accepted.Count < 2 * Margin, "the child's descriptor count does not reach its limit");
            (InputChannel, OutputChannel) client = await Step("a connection below the limit", () => Connection.Open(address));
            Assert.StartsWith("* welcome", await Step($"the welcome of connection {accepted.Count + 1} below the limit", client.Item1.ReadLine), StringComparison.Ordinal);
            accepted.Add(client);
        }

        // At the limit: new connections complete in the kernel's backlog, and accept fails.
        var waiting = new List<(InputChannel Input, OutputChannel Output)>();
        for (int i = 0; i < 3; i++)
        {
            waiting.Add(await Step("a connection at the limit", () => Connection.Open(address)));
        }

        Promise<string>[] welcomes = waiting.Select(c => c.Input.ReadLine()).ToArray();
        Assert.Equal(limit, DescriptorsOf(pid));

        // Free three descriptors in the child: the waiting connections are accepted.
        for (int i = 0; i < 3; i++)
        {
            await Step("closing a connection", () => Promise.Join(accepted[i].Output.Close(), accepted[i].Input.Close()).Map(() => 0));
        }

        foreach (Promise<string> welcome in welcomes)
        {
            Assert.StartsWith("* welcome", await Step("the welcome of a connection accepted after EMFILE", () => welcome), StringComparison.Ordinal);
        }

        // And they chat: the second sees the first's line.
        await waiting[0].Output.WriteLine("after EMFILE");
        await waiting[0].Output.Flush();
        string line;
        do
        {
            line = await Step("a chat line after EMFILE", waiting[1].Input.ReadLine);
        }
        while (line.StartsWith('*'));
        Assert.EndsWith(": after EMFILE", line, StringComparison.Ordinal);

        foreach ((InputChannel input, OutputChannel output) in accepted.Skip(3).Concat(waiting))
        {
            await Promise.Catch(() => Promise.Join(output.Close(), input.Close()), _ => Promise.Unit);
        }
    }
}
