// Program.cs: sleep_many in a process of its own, so that the process's peak RSS is the
// workload's: 100 000 concurrent sleeps of whole-ms delays in [0, 100) (fixed seed), wait for all.
// `Lwt.SleepMany lwt|task [--warm-up]` prints one RESULT line in the format of
// ../shared/peers (`RESULT sleep_many ops=... wall_ms=... peak_rss_kb=...`), so it runs both under
// the --quick harness (QuickRunner.SleepMany) and as `../shared/peers/run micro --extra`.
// The same code runs JIT-compiled (`dotnet Lwt.SleepMany.dll`) or as a NativeAOT executable; in
// the latter the runtime's own memory is a few MB instead of about 30, so peak RSS shows the
// timers' memory rather than the runtime's.

using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace Lwt.SleepMany;

/// <summary>The entry point.</summary>
public static class Program
{
    /// <summary>Concurrent sleeps.</summary>
    public const int SleepCount = 100_000;

    /// <summary>Delays are whole milliseconds in [0, SleepMaxMs).</summary>
    public const int SleepMaxMs = 100;

    private const int SleepSeed = 20240601;

    /// <summary>Runs one implementation once and prints its RESULT line.</summary>
    /// <param name="args">`lwt` or `task`, then optionally `--warm-up`.</param>
    /// <returns>0, or 2 on a bad command line.</returns>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Func<int[], (long Start, long Scheduled, long Done)>? run = args.Length is 1 or 2 ? args[0] switch
        {
            "lwt" => LwtSleepMany,
            "task" => TaskSleepMany,
            _ => null,
        } : null;
        bool warmUp = args.Length == 2 && args[1] == "--warm-up";
        if (run is null || (args.Length == 2 && !warmUp))
        {
            Console.Error.WriteLine("usage: Lwt.SleepMany lwt|task [--warm-up]");
            return 2;
        }

        int[] delays = SleepDelays();
        if (warmUp)
        {
            // Under the JIT, so that the measured run uses optimized code as in a program that has
            // been running a while: tiered compilation counts calls only after 100 ms without new
            // JIT activity, then compiles tier 1 in the background. Without this, most of Lwt's
            // code runs unoptimized, where CoreLib's Task.Delay is precompiled.
            int[] warm = [.. delays.Take(2000).Select(d => d % 3)];
            for (int i = 0; i < 3; i++)
            {
                run(warm);
                Thread.Sleep(250);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        long startRss = ProcStatusKb("VmRSS");
        int gcs0 = GC.CollectionCount(0);
        TimeSpan cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        (long start, long scheduled, long done) = run(delays);
        long peakRss = ProcStatusKb("VmHWM");
        int gcs = GC.CollectionCount(0) - gcs0;
        double cpuMs = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds;
        double wallMs = (done - start) * 1000.0 / Stopwatch.Frequency;
        double scheduleMs = (scheduled - start) * 1000.0 / Stopwatch.Frequency;
        string runtime = RuntimeFeature.IsDynamicCodeSupported ? "jit" : "aot";
        string variant = (args[0] == "lwt" ? "Time.Sleep" : "Task.Delay") + "/" + runtime + (warmUp ? "+warm-up" : string.Empty);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"RESULT sleep_many ops={SleepCount} ns_per_op={wallMs * 1e6 / SleepCount:0.00} variant={variant} wall_ms={wallMs:0.000} schedule_ms={scheduleMs:0.000} cpu_ms={cpuMs:0.0} peak_rss_kb={peakRss} start_rss_kb={startRss} max_delay_ms={delays.Max()} gcs={gcs}"));
        return 0;
    }

    /// <summary>The delays, in ms: SleepCount draws in [0, SleepMaxMs) from a fixed seed.</summary>
    /// <returns>The delays.</returns>
    public static int[] SleepDelays()
    {
        var rng = new Random(SleepSeed);
        var delays = new int[SleepCount];
        for (int i = 0; i < delays.Length; i++)
        {
            delays[i] = rng.Next(SleepMaxMs);
        }

        return delays;
    }

    /// <summary>Lwt: one Time.Sleep per delay, Promise.Join of them all, under Main.Run.</summary>
    /// <param name="delays">The delays in ms.</param>
    /// <returns>Stopwatch timestamps: start, all scheduled, all done.</returns>
    public static (long Start, long Scheduled, long Done) LwtSleepMany(int[] delays)
    {
        ArgumentNullException.ThrowIfNull(delays);
        long start = Stopwatch.GetTimestamp();
        long scheduled = 0;
        Lwt.Unix.Main.Run(() =>
        {
            var sleeps = new Promise[delays.Length];
            for (int i = 0; i < sleeps.Length; i++)
            {
                sleeps[i] = Lwt.Unix.Time.Sleep(TimeSpan.FromMilliseconds(delays[i]));
            }

            scheduled = Stopwatch.GetTimestamp();
            return Promise.Join(sleeps);
        });
        return (start, scheduled, Stopwatch.GetTimestamp());
    }

    /// <summary>Task: one Task.Delay per delay, Task.WhenAll of them all, waited for on this thread.</summary>
    /// <param name="delays">The delays in ms.</param>
    /// <returns>Stopwatch timestamps: start, all scheduled, all done.</returns>
    public static (long Start, long Scheduled, long Done) TaskSleepMany(int[] delays)
    {
        ArgumentNullException.ThrowIfNull(delays);
        long start = Stopwatch.GetTimestamp();
        var delayTasks = new Task[delays.Length];
        for (int i = 0; i < delayTasks.Length; i++)
        {
            delayTasks[i] = Task.Delay(delays[i]);
        }

        long scheduled = Stopwatch.GetTimestamp();
        Task.WhenAll(delayTasks).GetAwaiter().GetResult();
        return (start, scheduled, Stopwatch.GetTimestamp());
    }

    /// <summary>A field of /proc/self/status, in kB.</summary>
    private static long ProcStatusKb(string field)
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().ToString().Split(' ')[0], CultureInfo.InvariantCulture);
            }
        }

        return -1;
    }
}
