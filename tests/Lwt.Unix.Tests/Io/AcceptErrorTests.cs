// AcceptErrorTests.cs: a server whose process runs out of descriptors (accept fails with EMFILE)
// keeps its accept loop and serves the waiting connections once descriptors are free again. The
// server is samples/Chat in a CHILD process, so that this test process keeps its own descriptors.
// Once the child has served one session, its descriptor limit is lowered (prlimit) to what it has
// open plus a margin: the limit follows from what the child really holds, whatever it inherited.
// Its /proc/PID/fd says when every number below the limit is taken. How many connections it takes before it is full is not
// fixed in advance (the runtime may open descriptors of its own); once it is, every connection it
// holds is closed and the waiting ones must be welcomed. Every step has a deadline of its own, so
// a hang names the step and shows what the child holds. Runs in the non-parallel LeakTests
// collection, as everything that starts child processes does.

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

    // How long the child must hold all its descriptors, with a welcome missing, for a connection
    // to count as waiting in the backlog; and how often that is looked at.
    private static readonly TimeSpan FullFor = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void A_server_at_its_descriptor_limit_accepts_again_once_descriptors_are_free()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // The runtime's debugger thread opens a FIFO and blocks in open(2) until a debugger comes:
        // the descriptor number it holds is counted against the limit but /proc/PID/fd does not
        // list it, so the child would be full one descriptor below the count this test waits for.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Chat.dll"));
        start.ArgumentList.Add("0");
        System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;

        // Read the child's errors as they come, so that it never blocks on a full pipe and a
        // failure can show them.
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        child.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                errors.Enqueue(e.Data);
            }
        };
        child.BeginErrorReadLine();
        try
        {
            string? ready = child.StandardOutput.ReadLine();
            if (ready is null || !ready.StartsWith("READY ", StringComparison.Ordinal))
            {
                child.WaitForExit(10_000);
                Assert.Fail($"the chat child did not start: {ready} {string.Join('\n', errors)}");
            }

            var address = new IPEndPoint(IPAddress.Loopback, int.Parse(ready.AsSpan(6), CultureInfo.InvariantCulture));
            LoopThread.Run(() => Main.Run(() => Exhaust(address, child, errors)), timeoutMs: 60_000);
            Assert.False(child.HasExited, $"the server died at its descriptor limit: {string.Join('\n', errors)}");
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
            child.StandardOutput.Dispose();
            child.Dispose();

            // What the Process kept (its pipes' handles, its wait state) is released by finalizers:
            // run them now, not during the next test that counts descriptors.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
    }

    // The limit bounds descriptor numbers, not how many are open: one the child inherited above
    // the limit takes no place below it, so "full" counts only the numbers below the limit.
    private static int DescriptorsBelow(int pid, int limit) =>
        Directory.GetFiles($"/proc/{pid}/fd").Count(f => int.Parse(Path.GetFileName(f), CultureInfo.InvariantCulture) < limit);

    // What the child holds, for a failure message: a hang at the limit and a stray descriptor look
    // alike from outside.
    private static string Describe(System.Diagnostics.Process child, int limit, IEnumerable<string> errors)
    {
        if (child.HasExited)
        {
            return $"the child exited with {child.ExitCode}: {string.Join('\n', errors)}";
        }

        IEnumerable<string> fds = Directory.GetFiles($"/proc/{child.Id}/fd")
            .Select(f => Path.GetFileName(f) + "->" + (new FileInfo(f).LinkTarget ?? "?"));
        // A thread blocked in open(2) holds a descriptor number that the listing leaves out: each
        // thread's name and system call (its number first) show it.
        IEnumerable<string> threads = Directory.GetDirectories($"/proc/{child.Id}/task")
            .Select(ThreadState);
        return $"the child holds {DescriptorsBelow(child.Id, limit)} of the {limit} descriptors below its limit: {string.Join(", ", fds)}; its threads in system calls: {string.Join(", ", threads)}; its errors: {string.Join('\n', errors)}";
    }

    private static string ThreadState(string task)
    {
        try
        {
            return File.ReadAllText(Path.Combine(task, "comm")).Trim() + ": " + File.ReadAllText(Path.Combine(task, "syscall")).Split(' ')[0];
        }
        catch (IOException)
        {
            return Path.GetFileName(task) + ": exited";
        }
    }

    private static Promise<T> Step<T>(string what, Func<Promise<T>> f, Func<string>? describe = null) =>
        Promise.Catch(
            () => Time.WithTimeout(StepDeadline, f),
            e => e is TimeoutException
                ? throw new Xunit.Sdk.XunitException($"{what}: no answer within {StepDeadline.TotalSeconds} s; {describe?.Invoke()}")
                : Promise.Fail<T>(e));

    // True once the welcome came; false once the child has held all its descriptors for a while with
    // the welcome still missing: the connection waits in the backlog. A descriptor the runtime opens
    // for a moment (the GC reads cgroup files) makes the child look full only briefly.
    private static async Promise<bool> WelcomedOrWaiting(Promise<string> welcome, int pid, int limit)
    {
        TimeSpan full = TimeSpan.Zero;
        while (full < FullFor)
        {
            if (!welcome.IsPending)
            {
                Assert.StartsWith("* welcome", await welcome, StringComparison.Ordinal);
                return true;
            }

            full = DescriptorsBelow(pid, limit) >= limit ? full + Poll : TimeSpan.Zero;
            await Time.Sleep(Poll);
        }

        return false;
    }

    private static async Promise Exhaust(IPEndPoint address, System.Diagnostics.Process child, IEnumerable<string> errors)
    {
        int pid = child.Id;

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

        int limit = DescriptorsBelow(pid, int.MaxValue) + Margin;
        Assert.True(TestLibc.SetDescriptorLimit(pid, (ulong)limit) == 0, $"prlimit: errno {Marshal.GetLastPInvokeError()}");
        string Describe() => AcceptErrorTests.Describe(child, limit, errors);

        // Connect until one is not welcomed because the child is full: that one and those after
        // it complete in the kernel's backlog, and the child's accept fails with EMFILE. How many
        // are welcomed first depends on what else the child opens, so it is not fixed in advance.
        var accepted = new List<(InputChannel Input, OutputChannel Output)>();
        var waiting = new List<(InputChannel Input, OutputChannel Output)>();
        var welcomes = new List<Promise<string>>();
        while (waiting.Count == 0)
        {
            Assert.True(accepted.Count < 2 * Margin, $"the child's descriptor count does not reach its limit; {Describe()}");
            (InputChannel Input, OutputChannel Output) client = await Step("a connection below the limit", () => Connection.Open(address), Describe);
            Promise<string> welcome = client.Input.ReadLine();
            if (await Step($"connection {accepted.Count + 1}: its welcome or the child full", () => WelcomedOrWaiting(welcome, pid, limit), Describe))
            {
                accepted.Add(client);
            }
            else
            {
                waiting.Add(client);
                welcomes.Add(welcome);
            }
        }

        Assert.True(accepted.Count > 0, $"the child was full before it accepted anything; {Describe()}");
        for (int i = 0; i < 2; i++)
        {
            (InputChannel Input, OutputChannel Output) client = await Step("a connection at the limit", () => Connection.Open(address), Describe);
            waiting.Add(client);
            welcomes.Add(client.Input.ReadLine());
        }

        // Free the child's descriptors: the waiting connections are accepted.
        foreach ((InputChannel input, OutputChannel output) in accepted)
        {
            await Step("closing a connection", () => Promise.Join(output.Close(), input.Close()).Map(() => 0), Describe);
        }

        foreach (Promise<string> welcome in welcomes)
        {
            Assert.StartsWith("* welcome", await Step("the welcome of a connection accepted after EMFILE", () => welcome, Describe), StringComparison.Ordinal);
        }

        // And they chat: the second sees the first's line.
        await waiting[0].Output.WriteLine("after EMFILE");
        await waiting[0].Output.Flush();
        string line;
        do
        {
            line = await Step("a chat line after EMFILE", waiting[1].Input.ReadLine, Describe);
        }
        while (line.StartsWith('*'));
        Assert.EndsWith(": after EMFILE", line, StringComparison.Ordinal);

        foreach ((InputChannel input, OutputChannel output) in waiting)
        {
            await Promise.Catch(() => Promise.Join(output.Close(), input.Close()), _ => Promise.Unit);
        }
    }
}
