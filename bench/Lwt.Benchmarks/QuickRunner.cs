// QuickRunner.cs: --quick, a small harness without BenchmarkDotNet that prints the peers' RESULT
// lines (../shared/peers/README.md): `RESULT <impl>.<workload> ops=N ns_per_op=X alloc_bytes_per_op=Y`.
//
// Each workload runs in a fresh process of its own (--in-process: in this one); those whose
// implementations each stay on one thread are pinned to one CPU. Per implementation: check the result once, calibrate the iteration count so one round takes
// about --round-ms (default 500 ms), and warm up (at least 2 rounds and 1 s, recalibrating after
// each). Then 5 timed rounds, the implementations of a workload taking turns round by round (so
// that load from other processes hits them alike); the median round is reported
// (best_ns_per_op is the fastest). Allocation is GC.GetAllocatedBytesForCurrentThread
// around each round: every workload runs entirely on this thread. ops counts steps (one await for
// await_resolved, one bind for bind_chain), and ns_per_op and alloc_bytes_per_op are per step.
// The loop is generic over a struct, so each workload is called directly, not through a delegate,
// but not inlined into the loop: as under BenchmarkDotNet, each operation is a call of its own
// (inlined into a loop, a non-escaping object such as the TaskCompletionSource of the Task
// baselines would no longer be stack-allocated by the JIT, which changes their figures).

using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading;
using SleepManyProgram = Lwt.SleepMany.Program;

namespace Lwt.Benchmarks;

/// <summary>One operation of one implementation of a workload.</summary>
internal interface IOp
{
    int Run();
}

/// <summary>The --quick mode.</summary>
internal static class QuickRunner
{
    private const int Rounds = 5;

    private static readonly string[] AllWorkloads =
        ["resolve_await", "await_resolved", "bind_chain", "async_method_suspending", "pick_two", "join_100",
         "pause_loop", "sleep_many", "detach_roundtrip", "stream_pingpong", "bounded_stream_throughput", "mutex_handoff",
         "pool_use", "socketpair_pingpong", "read_lines", "write_small", "spawn_wait", "child_read_100mb"];

    // Workloads whose implementations each run on a single thread (the Task side of pause_loop on
    // the pump's thread): their process is pinned to one CPU.
    private static readonly string[] OneThreadWorkloads =
        ["resolve_await", "await_resolved", "bind_chain", "async_method_suspending", "pick_two", "join_100", "pause_loop"];

    private const string Taskset = "/usr/bin/taskset";

    // sleep_many runs each implementation this many times, alternating, in fresh child processes.
    private const int SleepRuns = 3;

    private static int s_sink;

    internal static int Run(string[] args)
    {
        double roundMs = 500;
        bool inProcess = false;
        var selected = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (a == "--quick")
            {
                continue;
            }

            if (a == "--in-process")
            {
                inProcess = true;
                continue;
            }

            if (a == "--round-ms" && i + 1 < args.Length)
            {
                roundMs = double.Parse(args[++i], CultureInfo.InvariantCulture);
                continue;
            }

            if (a is "--list" or "list")
            {
                Console.WriteLine(string.Join('\n', AllWorkloads));
                return 0;
            }

            if (!AllWorkloads.Contains(a))
            {
                Console.Error.WriteLine("unknown workload '" + a + "'; known: " + string.Join(", ", AllWorkloads));
                return 2;
            }

            selected.Add(a);
        }

        if (selected.Count == 0)
        {
            selected.AddRange(AllWorkloads);
        }

        var ratios = new List<string>();
        var targets = new List<string>();
        bool failed = false;
        foreach (string w in selected)
        {
            if (inProcess)
            {
                RunWorkload(w, roundMs, ratios, targets);
            }
            else
            {
                failed |= !RunWorkloadInChildProcess(w, roundMs, ratios, targets);
            }
        }

        foreach (string line in ratios)
        {
            Console.WriteLine(line);
        }

        foreach (string line in targets)
        {
            Console.WriteLine(line);
        }

        return failed || s_sink == int.MinValue ? 1 : 0;
    }

    /// <summary>
    /// Runs one workload in a fresh process of this program (`--quick --in-process WORKLOAD`), as
    /// BenchmarkDotNet runs each benchmark: what earlier workloads leave behind (a grown heap,
    /// thread-pool threads, tiered code, file cache pressure) must not weigh on the next one. Its
    /// RESULT and INFO lines are passed on as they come; its RATIO and TARGET lines join the lists
    /// printed at the end. Returns false if the child failed.
    /// </summary>
    private static bool RunWorkloadInChildProcess(string workload, double roundMs, List<string> ratios, List<string> targets)
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("--quick: the path of this process is unknown");
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (OneThreadWorkloads.Contains(workload) && Environment.ProcessorCount > 1 && File.Exists(Taskset))
        {
            // Both implementations of these run on one thread each, taking turns: on one CPU, so
            // that the CPU's speed, which differs between the two CPUs of this VM by up to 1.6
            // times, stays out of the ratio. The last CPU, as the peers harness pins to CPU 1.
            string cpu = (Environment.ProcessorCount - 1).ToString(CultureInfo.InvariantCulture);
            Console.WriteLine("INFO " + workload + ": pinned to CPU " + cpu + " (" + Taskset + ")");
            psi.FileName = Taskset;
            foreach (string a in new[] { "-c", cpu, host })
            {
                psi.ArgumentList.Add(a);
            }
        }

        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(QuickRunner).Assembly.Location);
        }

        foreach (string a in new[] { "--quick", "--in-process", "--round-ms", roundMs.ToString(CultureInfo.InvariantCulture), workload })
        {
            psi.ArgumentList.Add(a);
        }

        using System.Diagnostics.Process p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("--quick: could not start " + host);
        while (p.StandardOutput.ReadLine() is string line)
        {
            if (line.StartsWith("RATIO ", StringComparison.Ordinal))
            {
                ratios.Add(line);
            }
            else if (line.StartsWith("TARGET ", StringComparison.Ordinal))
            {
                targets.Add(line);
            }
            else
            {
                Console.WriteLine(line);
            }
        }

        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            Console.WriteLine("INFO " + workload + ": its process exited with " + p.ExitCode);
            targets.Add("TARGET " + workload + " ran: NOT met (exit " + p.ExitCode + ")");
            return false;
        }

        return true;
    }

    private static void RunWorkload(string workload, double roundMs, List<string> ratios, List<string> targets)
    {
        switch (workload)
        {
            case "resolve_await":
                {
                    Stats[] s = Measure(roundMs, Impl.Of(new LwtResolveAwaitOp(), 1, 42), Impl.Of(new TaskResolveAwaitOp(), 1, 42));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.30", lwt.Median / task.Median <= 0.30, F(lwt.Median / task.Median));
                    break;
                }

            case "await_resolved":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtAwaitResolvedOp(Workloads.MakeResolvedPromise()), Workloads.AwaitsPerOp, 1),
                        Impl.Of(new ValueTaskAwaitResolvedOp(), Workloads.AwaitsPerOp, 1));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt <= valuetask", lwt.Median <= task.Median, F(lwt.Median / task.Median));
                    Target(targets, workload, "lwt alloc per await == 0 B", lwt.AllocPerStep < 0.005, F(lwt.AllocPerStep) + " B");
                    break;
                }

            case "bind_chain":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtBindChainOp(), Workloads.ChainLength, Workloads.ChainLength),
                        Impl.Of(new TaskContinueWithChainOp(), Workloads.ChainLength, Workloads.ChainLength),
                        Impl.Of(new TaskAsyncChainOp(), Workloads.ChainLength, Workloads.ChainLength));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats cw = s[1];
                    Stats aw = s[2];
                    Stats task = Report("task", workload, cw.Median <= aw.Median ? cw : aw);
                    Report("task_continuewith", workload, cw);
                    Report("task_async", workload, aw);
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/faster task <= 0.25", lwt.Median / task.Median <= 0.25, F(lwt.Median / task.Median));
                    break;
                }

            case "async_method_suspending":
                {
                    Stats[] s = Measure(roundMs, Impl.Of(new LwtAsyncSuspendingOp(), 1, 1), Impl.Of(new TaskAsyncSuspendingOp(), 1, 1));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Ratio(ratios, workload, lwt, task);

                    // Exact object accounting: the bytes allocated per call against the sizes of the
                    // awaited promise and of the method's promise (its boxed state machine). Any third
                    // object would add at least 24 B.
                    (Promise awaited, Promise method) = Workloads.LwtAsyncSuspendingObjects();
                    long awaitedSize = ObjectSize(awaited);
                    long methodSize = ObjectSize(method);
                    if (awaitedSize < 0 || methodSize < 0)
                    {
                        Target(targets, workload, "lwt alloc <= 1 object + the awaited promise", false, "object sizes unavailable");
                        break;
                    }

                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"INFO async_method_suspending: lwt allocates {lwt.AllocPerStep:0.#} B per call; awaited {awaited.GetType().Name} = {awaitedSize} B, method promise {method.GetType().Name} = {methodSize} B"));
                    double extra = lwt.AllocPerStep - awaitedSize - methodSize;
                    Target(
                        targets,
                        workload,
                        "lwt alloc <= 1 object + the awaited promise",
                        extra < 1,
                        F(extra) + " B beyond the awaited promise and the method's own box");
                    break;
                }

            case "pick_two":
                {
                    Stats[] s = Measure(roundMs, Impl.Of(new LwtPickTwoOp(), 1, 43), Impl.Of(new TaskPickTwoOp(), 1, 43));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "join_100":
                {
                    var scratch = new JoinScratch();
                    Stats[] s = Measure(roundMs, Impl.Of(new LwtJoinOp(scratch), 1, 1), Impl.Of(new TaskJoinOp(scratch), 1, 1));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "pause_loop":
                {
                    using var pump = new SingleThreadPump();
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtPauseLoopOp(), Workloads.PauseRounds, 1, wholeProcess: true),
                        Impl.Of(new TaskPauseLoopOp(pump), Workloads.PauseRounds, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO pause_loop: per yield; lwt = await Promise.Yield() under Main.Run; task = await Task.Yield() on a single-thread SynchronizationContext pump; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.50", lwt.Median / task.Median <= 0.50, F(lwt.Median / task.Median));
                    break;
                }

            case "detach_roundtrip":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtDetachRoundTripOp(), Workloads.DetachRoundTrips, 1, wholeProcess: true),
                        Impl.Of(new TaskDetachRoundTripOp(), Workloads.DetachRoundTrips, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO detach_roundtrip: per round trip; task = await Task.Run(() => x + 1) in a thread-pool async method; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "socketpair_pingpong":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtPingPongOp(), Workloads.PingPongRounds, 1, wholeProcess: true),
                        Impl.Of(new TaskPingPongOp(), Workloads.PingPongRounds, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO socketpair_pingpong: per 1-byte round trip; task = Socket.SendAsync/ReceiveAsync on a socketpair (thread pool + runtime epoll thread); alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.30", lwt.Median / task.Median <= 0.30, F(lwt.Median / task.Median));
                    break;
                }

            case "sleep_many":
                SleepMany(ratios, targets);
                break;

            case "stream_pingpong":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtStreamPingPongOp(), Workloads.PingPongRounds, 1, wholeProcess: true),
                        Impl.Of(new TaskChannelPingPongOp(), Workloads.PingPongRounds, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO stream_pingpong: per round trip (2 pushes, 2 reads, 1 of them waiting); task = two async Task loops on the thread pool over unbounded SingleReader/SingleWriter Channels; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.50", lwt.Median / task.Median <= 0.50, F(lwt.Median / task.Median));
                    break;
                }

            case "bounded_stream_throughput":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtBoundedStreamOp(), Workloads.BoundedItems, 1, wholeProcess: true),
                        Impl.Of(new TaskBoundedChannelOp(), Workloads.BoundedItems, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO bounded_stream_throughput: per element, capacity " + Workloads.BoundedCapacity + "; task = bounded SingleReader/SingleWriter Channel, producer and consumer async Task loops on the thread pool; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "mutex_handoff":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtMutexHandoffOp(), 2 * Workloads.MutexRounds, 1, wholeProcess: true),
                        Impl.Of(new TaskSemaphoreHandoffOp(), 2 * Workloads.MutexRounds, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO mutex_handoff: per handoff (lock waited for, yield while holding it, unlock to the waiter); lwt yields with await Promise.Yield(), task = SemaphoreSlim(1).WaitAsync + Task.Yield on the thread pool; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.50", lwt.Median / task.Median <= 0.50, F(lwt.Median / task.Median));
                    break;
                }

            case "pool_use":
                {
                    using var bag = new BagPool();
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtPoolUseOp(Workloads.MakeLwtPool()), Workloads.PoolUses, 1, wholeProcess: true),
                        Impl.Of(new TaskPoolUseOp(bag), Workloads.PoolUses, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO pool_use: per use, uncontended (one loop, pool of " + Workloads.PoolSize + "); task = ConcurrentBag + SemaphoreSlim pool in an async Task loop on the thread pool; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "read_lines":
                {
                    int lines = IoWorkloads.LinesInFile;
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtReadLinesOp(), lines, lines, wholeProcess: true),
                        Impl.Of(new StreamReaderReadLinesOp(), lines, lines, wholeProcess: true),
                        Impl.Of(new PipeReaderReadLinesOp(), lines, lines, wholeProcess: true),
                        Impl.Of(new LwtTryReadLineLoopOp(), lines, lines, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Stats pipe = Report("pipereader", workload, s[2]);
                    Stats loop = Report("lwt_tryreadline", workload, s[3]);
                    double mb = IoWorkloads.ReadLinesFileBytes / 1e6;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"INFO read_lines: per line, {lines} lines in {mb:0} MB (page-cached); MB/s lwt {mb / (lwt.Median * lines / 1e9):0} task {mb / (task.Median * lines / 1e9):0} pipereader {mb / (pipe.Median * lines / 1e9):0} lwt_tryreadline {mb / (loop.Median * lines / 1e9):0}; lwt = await foreach over InputChannel.ReadLinesAsync, lwt_tryreadline = a TryReadLine loop, task = StreamReader.ReadLineAsync, pipereader = PipeReader + SequenceReader; alloc: whole process"));
                    Ratio(ratios, workload, lwt, task);
                    ratios.Add(string.Create(CultureInfo.InvariantCulture, $"RATIO {workload} lwt/pipereader={lwt.Median / pipe.Median:0.00}"));
                    ratios.Add(string.Create(CultureInfo.InvariantCulture, $"RATIO {workload} lwt_tryreadline/task={loop.Median / task.Median:0.00}"));
                    Target(targets, workload, "throughput lwt/task >= 1.50", task.Median / lwt.Median >= 1.50, F(task.Median / lwt.Median));
                    break;
                }

            case "write_small":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtWriteSmallOp(), IoWorkloads.SmallWrites, 1, wholeProcess: true),
                        Impl.Of(new BufferedStreamWriteSmallOp(), IoWorkloads.SmallWrites, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Console.WriteLine("INFO write_small: per 16-byte write to a file, flushed at the end; task = BufferedStream(4096).WriteAsync over a FileStream; alloc: whole process");
                    Ratio(ratios, workload, lwt, task);
                    break;
                }

            case "spawn_wait":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtSpawnWaitOp(), Workloads.SpawnRounds, 1, wholeProcess: true),
                        Impl.Of(new TaskSpawnWaitOp(), Workloads.SpawnRounds, 1, wholeProcess: true),
                        Impl.Of(new FloorSpawnWaitOp(), Workloads.SpawnRounds, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    Stats floor = Report("floor_posix_spawn", workload, s[2]);
                    Console.WriteLine("INFO spawn_wait: per child (spawn /bin/true, wait for its exit); lwt = LwtProcess.Exec (posix_spawn + pidfd), task = Process.Start + WaitForExitAsync, floor_posix_spawn = libc posix_spawn + blocking waitpid, no loop (what no library can beat); alloc: whole process");
                    Console.WriteLine("INFO spawn_wait: floor_posix_spawn/task " + F(floor.Median / task.Median) + ", lwt/floor_posix_spawn " + F(lwt.Median / floor.Median));
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "ns lwt/task <= 0.70", lwt.Median / task.Median <= 0.70, F(lwt.Median / task.Median));
                    break;
                }

            case "child_read_100mb":
                {
                    Stats[] s = Measure(
                        roundMs,
                        Impl.Of(new LwtChildReadOp(), Workloads.ChildReadMiB, 1, wholeProcess: true),
                        Impl.Of(new TaskChildReadOp(), Workloads.ChildReadMiB, 1, wholeProcess: true));
                    Stats lwt = Report("lwt", workload, s[0]);
                    Stats task = Report("task", workload, s[1]);
                    double lwtMbps = 1e9 / lwt.Median;
                    double taskMbps = 1e9 / task.Median;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"INFO child_read_100mb: per MiB read from `head -c 104857600 /dev/zero`, 64 KiB reads; lwt = FileDescriptor.ReadAsync on the pipe moved to the child's stdout ({lwtMbps:0} MiB/s), task = Process.StandardOutput.BaseStream.ReadAsync ({taskMbps:0} MiB/s); alloc: whole process"));
                    Ratio(ratios, workload, lwt, task);
                    Target(targets, workload, "throughput lwt/task >= 1.5", task.Median / lwt.Median >= 1.5, F(task.Median / lwt.Median));
                    break;
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(workload), workload, "unknown workload");
        }
    }

    /// <summary>
    /// sleep_many: each implementation in a fresh child process of Lwt.SleepMany, so that each has
    /// its own peak RSS; SleepRuns runs each, alternating; medians reported. Twice: JIT-compiled
    /// (`dotnet Lwt.SleepMany.dll`, warmed up) and as a NativeAOT executable, published on first
    /// use, where the runtime's own memory is a few MB instead of about 30.
    /// </summary>
    private static void SleepMany(List<string> ratios, List<string> targets)
    {
        string jitDll = Path.Combine(AppContext.BaseDirectory, "Lwt.SleepMany.dll");
        SleepManyPair("sleep_many", ["dotnet", jitDll], ["--warm-up"], ratios, targets);

        string? aotExe = PublishSleepManyAot(out string why);
        if (aotExe is null)
        {
            Console.WriteLine("INFO sleep_many_aot: skipped, the NativeAOT executable could not be published: " + why);
            return;
        }

        SleepManyPair("sleep_many_aot", [aotExe], [], ratios, targets);
    }

    private static void SleepManyPair(string workload, string[] command, string[] options, List<string> ratios, List<string> targets)
    {
        var runs = new Dictionary<string, List<SleepRun>> { ["lwt"] = [], ["task"] = [] };
        for (int r = 0; r < SleepRuns; r++)
        {
            string[] order = (r & 1) == 0 ? ["lwt", "task"] : ["task", "lwt"];
            foreach (string impl in order)
            {
                runs[impl].Add(RunSleepChildProcess(command, [impl, .. options]));
            }
        }

        SleepRun lwt = SleepMedian(runs["lwt"]);
        SleepRun task = SleepMedian(runs["task"]);
        foreach ((string impl, SleepRun m) in new[] { ("lwt", lwt), ("task", task) })
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"RESULT {impl}.{workload} ops={SleepManyProgram.SleepCount} wall_ms={m.WallMs:0.0} overhead_ms={m.OverheadMs:0.0} peak_rss_mb={m.PeakRssMb:0.0} schedule_ms={m.ScheduleMs:0.0} start_rss_mb={m.StartRssMb:0.0} max_delay_ms={m.MaxDelayMs} runs={SleepRuns}"));
        }

        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"INFO {workload}: peak - start RSS (the timers' own memory): lwt {lwt.PeakRssMb - lwt.StartRssMb:0.0} MB, task {task.PeakRssMb - task.StartRssMb:0.0} MB, ratio {(lwt.PeakRssMb - lwt.StartRssMb) / (task.PeakRssMb - task.StartRssMb):0.00}; schedule_ms ratio {lwt.ScheduleMs / task.ScheduleMs:0.00}"));
        Console.WriteLine("INFO " + workload + ": `" + string.Join(' ', command.Select(Path.GetFileName)) + " lwt|task " + string.Join(' ', options) + "`, medians of " + SleepRuns + " child processes each; overhead = wall - longest delay; peak RSS = VmHWM of the child; task = Task.Delay + Task.WhenAll");
        double overhead = lwt.OverheadMs / task.OverheadMs;
        double rss = lwt.PeakRssMb / task.PeakRssMb;
        ratios.Add(string.Create(CultureInfo.InvariantCulture, $"RATIO {workload} overhead_lwt/task={overhead:0.00}"));
        ratios.Add(string.Create(CultureInfo.InvariantCulture, $"RATIO {workload} peak_rss_lwt/task={rss:0.00}"));
        Target(targets, workload, "overhead lwt/task <= 0.30", overhead <= 0.30, F(overhead));
        Target(targets, workload, "peak RSS lwt/task <= 0.60", rss <= 0.60, F(rss));
    }

    /// <summary>
    /// Publishes bench/Lwt.SleepMany as a NativeAOT executable into its bin/aot folder (found by
    /// walking up from this assembly to Lwt.sln) and returns its path, or null and why not.
    /// </summary>
    private static string? PublishSleepManyAot(out string why)
    {
        DirectoryInfo? dir = new(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Lwt.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            why = "no Lwt.sln above " + AppContext.BaseDirectory;
            return null;
        }

        string project = Path.Combine(dir.FullName, "bench", "Lwt.SleepMany", "Lwt.SleepMany.csproj");
        string output = Path.Combine(dir.FullName, "bench", "Lwt.SleepMany", "bin", "aot");
        var psi = new ProcessStartInfo("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-p:PublishAot=true", "-o", output])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        Console.WriteLine("INFO sleep_many_aot: dotnet " + string.Join(' ', psi.ArgumentList));
        using System.Diagnostics.Process p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("sleep_many_aot: could not start dotnet publish");
        System.Threading.Tasks.Task<string> errors = p.StandardError.ReadToEndAsync();
        string log = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        string exe = Path.Combine(output, "Lwt.SleepMany");
        if (p.ExitCode != 0 || !File.Exists(exe))
        {
            why = "dotnet publish exited with " + p.ExitCode + ": " + string.Join(" | ", (log + errors.Result).Split('\n').Where(l => l.Contains("error", StringComparison.Ordinal)).Take(3));
            return null;
        }

        why = string.Empty;
        return exe;
    }

    private static SleepRun SleepMedian(List<SleepRun> runs)
    {
        static double Med(IEnumerable<double> xs)
        {
            double[] a = [.. xs.Order()];
            return a[a.Length / 2];
        }

        return new SleepRun(
            Med(runs.Select(x => x.WallMs)),
            Med(runs.Select(x => x.ScheduleMs)),
            runs[0].MaxDelayMs,
            Med(runs.Select(x => x.PeakRssMb)),
            Med(runs.Select(x => x.StartRssMb)));
    }

    /// <summary>Runs a Lwt.SleepMany child and parses its one RESULT line.</summary>
    private static SleepRun RunSleepChildProcess(string[] command, string[] args)
    {
        var psi = new ProcessStartInfo(command[0], command.Skip(1).Concat(args)) { RedirectStandardOutput = true, UseShellExecute = false };

        string what = string.Join(' ', psi.ArgumentList.Prepend(command[0]));
        using System.Diagnostics.Process p = System.Diagnostics.Process.Start(psi) ?? throw new InvalidOperationException("sleep_many: could not start " + what);
        string output = p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(120_000) || p.ExitCode != 0)
        {
            throw new InvalidOperationException("sleep_many: `" + what + "` failed (exit " + (p.HasExited ? p.ExitCode : -1) + "): " + output);
        }

        string line = output.Split('\n').Single(l => l.StartsWith("RESULT sleep_many ", StringComparison.Ordinal));
        Dictionary<string, string> f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(2)
            .Select(kv => kv.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv[1]);
        double D(string key) => double.Parse(f[key], CultureInfo.InvariantCulture);
        return new SleepRun(D("wall_ms"), D("schedule_ms"), (int)D("max_delay_ms"), D("peak_rss_kb") / 1024, D("start_rss_kb") / 1024);
    }

    /// <summary>The size of an object on the heap (header included), or -1 if the runtime does not say.</summary>
    private static long ObjectSize(object o)
    {
        MethodInfo? m = typeof(RuntimeHelpers).GetMethod("GetRawObjectDataSize", BindingFlags.NonPublic | BindingFlags.Static);
        if (m?.Invoke(null, [o]) is not nuint raw)
        {
            return -1;
        }

        return (long)raw + (2 * IntPtr.Size);
    }

    /// <summary>Calibrates and warms up each implementation, then times them in turns, round by round.</summary>
    private static Stats[] Measure(double roundMs, params Impl[] impls)
    {
        foreach (Impl impl in impls)
        {
            impl.Check();

            // Calibrate: double the count until a run takes at least 50 ms, then size the rounds;
            // warm up with full rounds, resizing after each, for at least 2 rounds and 1 s.
            long n = 1;
            double ms;
            while (true)
            {
                ms = impl.Round(n).Ms;
                if (ms >= 50 || n >= 1L << 40)
                {
                    break;
                }

                n *= 2;
            }

            double warm = 0;
            for (int w = 0; w < 2 || warm < 1000; w++)
            {
                n = Math.Max(1, (long)(n * roundMs / Math.Max(ms, 0.001)));
                ms = impl.Round(n).Ms;
                warm += ms;
            }

            impl.N = Math.Max(1, (long)(n * roundMs / Math.Max(ms, 0.001)));
        }

        var times = new double[impls.Length, Rounds];
        var allocs = new double[impls.Length, Rounds];
        for (int r = 0; r < Rounds; r++)
        {
            for (int k = 0; k < impls.Length; k++)
            {
                // Alternate the order from round to round.
                int i = (r & 1) == 0 ? k : impls.Length - 1 - k;
                Impl impl = impls[i];
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                (double ms, long bytes) = impl.Round(impl.N);
                double steps = (double)impl.N * impl.Steps;
                times[i, r] = ms * 1e6 / steps;
                allocs[i, r] = bytes / steps;
            }
        }

        var stats = new Stats[impls.Length];
        for (int i = 0; i < impls.Length; i++)
        {
            var t = new double[Rounds];
            for (int r = 0; r < Rounds; r++)
            {
                t[r] = times[i, r];
            }

            double[] sorted = [.. t];
            Array.Sort(sorted);
            double median = sorted[Rounds / 2];
            stats[i] = new Stats(impls[i].N * impls[i].Steps, median, sorted[0], allocs[i, Array.IndexOf(t, median)]);
        }

        return stats;
    }

    private static (double Ms, long Bytes) Round<TOp>(TOp op, long n, bool wholeProcess)
        where TOp : struct, IOp
    {
        int sink = 0;
        long bytes0 = wholeProcess ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        long t0 = Stopwatch.GetTimestamp();
        for (long i = 0; i < n; i++)
        {
            sink += op.Run();
        }

        long t1 = Stopwatch.GetTimestamp();
        long bytes1 = wholeProcess ? GC.GetTotalAllocatedBytes(precise: true) : GC.GetAllocatedBytesForCurrentThread();
        s_sink += sink;
        return ((t1 - t0) * 1000.0 / Stopwatch.Frequency, bytes1 - bytes0);
    }

    private static Stats Report(string impl, string workload, Stats s)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT {impl}.{workload} ops={s.Ops} ns_per_op={s.Median:0.00} alloc_bytes_per_op={s.AllocPerStep:0.##} best_ns_per_op={s.Best:0.00}"));
        return s;
    }

    private static void Ratio(List<string> ratios, string workload, Stats lwt, Stats task) =>
        ratios.Add(string.Create(
            CultureInfo.InvariantCulture,
            $"RATIO {workload} lwt/task={lwt.Median / task.Median:0.00} alloc_lwt/task={SafeRatio(lwt.AllocPerStep, task.AllocPerStep)}"));

    private static void Target(List<string> targets, string workload, string what, bool met, string value) =>
        targets.Add("TARGET " + workload + " " + what + ": " + (met ? "met" : "NOT met") + " (" + value + ")");

    private static string SafeRatio(double a, double b) => b == 0 ? (a == 0 ? "1.00" : "inf") : F(a / b);

    private static string F(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);

    private readonly record struct Stats(long Ops, double Median, double Best, double AllocPerStep);

    private readonly record struct SleepRun(double WallMs, double ScheduleMs, int MaxDelayMs, double PeakRssMb, double StartRssMb)
    {
        internal double OverheadMs => WallMs - MaxDelayMs;
    }

    /// <summary>One implementation of a workload: the timed loop is specialized for its op struct.</summary>
    private abstract class Impl(int steps, int expected, bool wholeProcess)
    {
        internal int Steps { get; } = steps;

        /// <summary>Count the whole process's allocation (work leaves the calling thread), not just this thread's.</summary>
        internal bool WholeProcess { get; } = wholeProcess;

        internal long N { get; set; }

        internal static Impl<TOp> Of<TOp>(TOp op, int steps, int expected, bool wholeProcess = false)
            where TOp : struct, IOp => new(op, steps, expected, wholeProcess);

        internal void Check()
        {
            int got = RunOnce();
            if (got != expected)
            {
                throw new InvalidOperationException(GetType().GetGenericArguments()[0].Name + " returned " + got + ", expected " + expected);
            }
        }

        internal abstract (double Ms, long Bytes) Round(long n);

        protected abstract int RunOnce();
    }

    private sealed class Impl<TOp>(TOp op, int steps, int expected, bool wholeProcess) : Impl(steps, expected, wholeProcess)
        where TOp : struct, IOp
    {
        internal override (double Ms, long Bytes) Round(long n) => QuickRunner.Round(op, n, WholeProcess);

        protected override int RunOnce() => op.Run();
    }

    private readonly struct LwtResolveAwaitOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtResolveAwait();
    }

    private readonly struct TaskResolveAwaitOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskResolveAwait();
    }

    private readonly struct LwtAwaitResolvedOp(Promise<int> resolved) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtAwaitResolved(resolved) ? 1 : 0;
    }

    private readonly struct ValueTaskAwaitResolvedOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.ValueTaskAwaitResolved() ? 1 : 0;
    }

    private readonly struct LwtBindChainOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtBindChain();
    }

    private readonly struct TaskContinueWithChainOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskContinueWithChain();
    }

    private readonly struct TaskAsyncChainOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskAsyncChain();
    }

    private readonly struct LwtAsyncSuspendingOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtAsyncSuspending();
    }

    private readonly struct TaskAsyncSuspendingOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskAsyncSuspending();
    }

    private readonly struct LwtPickTwoOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtPickTwo();
    }

    private readonly struct TaskPickTwoOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskPickTwo();
    }

    private readonly struct LwtJoinOp(JoinScratch scratch) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtJoin(scratch);
    }

    private readonly struct TaskJoinOp(JoinScratch scratch) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskJoin(scratch);
    }

    private readonly struct LwtPauseLoopOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtPauseLoop();
    }

    private readonly struct TaskPauseLoopOp(SingleThreadPump pump) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskPauseLoop(pump);
    }

    private readonly struct LwtDetachRoundTripOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtDetachRoundTrip();
    }

    private readonly struct LwtReadLinesOp : IOp
    {
        public int Run() => IoWorkloads.LwtReadLines();
    }

    private readonly struct LwtTryReadLineLoopOp : IOp
    {
        public int Run() => IoWorkloads.LwtTryReadLineLoop();
    }

    private readonly struct StreamReaderReadLinesOp : IOp
    {
        public int Run() => IoWorkloads.StreamReaderReadLines();
    }

    private readonly struct PipeReaderReadLinesOp : IOp
    {
        public int Run() => IoWorkloads.PipeReaderReadLines();
    }

    private readonly struct LwtWriteSmallOp : IOp
    {
        public int Run() => IoWorkloads.LwtWriteSmall();
    }

    private readonly struct BufferedStreamWriteSmallOp : IOp
    {
        public int Run() => IoWorkloads.BufferedStreamWriteSmall();
    }

    private readonly struct LwtSpawnWaitOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtSpawnWait();
    }

    private readonly struct TaskSpawnWaitOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskSpawnWait();
    }

    private readonly struct FloorSpawnWaitOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => SpawnFloor.Run();
    }

    private readonly struct LwtChildReadOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtChildRead();
    }

    private readonly struct TaskChildReadOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskChildRead();
    }

    private readonly struct LwtPingPongOp : IOp
    {
        public int Run() => Workloads.LwtSocketPairPingPong();
    }

    private readonly struct TaskPingPongOp : IOp
    {
        public int Run() => Workloads.TaskSocketPairPingPong();
    }

    private readonly struct TaskDetachRoundTripOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskDetachRoundTrip();
    }

    private readonly struct LwtStreamPingPongOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtStreamPingPong();
    }

    private readonly struct TaskChannelPingPongOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskChannelPingPong();
    }

    private readonly struct LwtBoundedStreamOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtBoundedStream();
    }

    private readonly struct TaskBoundedChannelOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskBoundedChannel();
    }

    private readonly struct LwtMutexHandoffOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtMutexHandoff();
    }

    private readonly struct TaskSemaphoreHandoffOp : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskSemaphoreHandoff();
    }

    private readonly struct LwtPoolUseOp(Pool<object> pool) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.LwtPoolUse(pool);
    }

    private readonly struct TaskPoolUseOp(BagPool pool) : IOp
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Run() => Workloads.TaskPoolUse(pool);
    }
}
