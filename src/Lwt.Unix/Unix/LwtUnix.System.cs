// LwtUnix.System.cs: Lwt_unix's process-level values: handle_unix_error, chroot, and the CPU
// calls (get_cpu, get_affinity, set_affinity). chroot is a job, like every call that takes a path;
// the CPU calls are cheap and never block, so they run at once, as Lwt's do.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

public static partial class LwtUnix
{
    // The most CPUs the affinity calls handle: glibc's CPU_SETSIZE.
    private const int CpuSetSize = 1024;

    // Tests replace the exit and the output of HandleUnixError on their own thread.
    [ThreadStatic]
    private static Action<int>? t_handleUnixErrorExit;

    [ThreadStatic]
    private static TextWriter? t_handleUnixErrorOutput;

    internal static Action<int>? HandleUnixErrorExitOverride
    {
        get => t_handleUnixErrorExit;
        set => t_handleUnixErrorExit = value;
    }

    internal static TextWriter? HandleUnixErrorOutputOverride
    {
        get => t_handleUnixErrorOutput;
        set => t_handleUnixErrorOutput = value;
    }

    /// <summary>
    /// Runs <paramref name="f"/>; if it throws or its promise is rejected with a
    /// <see cref="UnixException"/>, writes <c>program: "call" failed on "argument": message</c> to standard
    /// error, runs this thread's exit hooks (<see cref="Main.RunExitHooks"/>: the output channels are
    /// flushed) and exits the process with code 2, as OCaml's <c>Unix.handle_unix_error</c> does
    /// through OCaml's <c>exit</c> (Lwt's <c>handle_unix_error</c>). Any other exception rejects the promise unchanged.
    /// </summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="f">The function.</param>
    /// <returns>The promise of <paramref name="f"/>; canceling it cancels that promise (a cancellation is not a Unix error and is passed on).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise<T> HandleUnixError<T>(Func<Promise<T>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Promise.Catch(f, e => e is UnixException u ? ExitOnUnixError<T>(u) : Promise.Fail<T>(e));
    }

    /// <summary>As <see cref="HandleUnixError{T}(Func{Promise{T}})"/>, for a function whose promise has no value.</summary>
    /// <param name="f">The function.</param>
    /// <returns>The promise of <paramref name="f"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static Promise HandleUnixError(Func<Promise> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        return Promise.Catch(f, e => e is UnixException u ? ExitOnUnixError<bool>(u) : Promise.Fail(e));
    }

    /// <summary>
    /// Changes the process's root directory (Lwt's <c>Lwt_unix.chroot</c>). Only a privileged process
    /// may; the change is process-wide.
    /// </summary>
    /// <param name="path">The new root.</param>
    /// <returns>A promise fulfilled once the root is changed.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null, empty or has a NUL character.</exception>
    /// <exception cref="UnixException">Rejects the promise when <c>chroot(2)</c> fails: EPERM without the privilege, ENOENT, ENOTDIR...; the call is named <c>chroot</c>.</exception>
    /// <remarks>A job on a worker thread: canceling the promise withdraws the call only while it waits for a free worker; once running, it completes.</remarks>
    public static Promise Chroot(string path)
    {
        CheckPath(path);
        return Job(() => Check(Libc.chroot(path), "chroot", path));
    }

    /// <summary>The number of the CPU the calling thread runs on now (Lwt's <c>get_cpu</c>).</summary>
    /// <returns>The CPU number, from 0.</returns>
    /// <exception cref="UnixException"><c>sched_getcpu(3)</c> failed (ENOSYS where the system cannot tell).</exception>
    public static int GetCpu()
    {
        int cpu = Libc.sched_getcpu();
        return cpu >= 0 ? cpu : throw UnixException.FromLastError("sched_getcpu");
    }

    /// <summary>
    /// The CPUs that process or thread <paramref name="pid"/> may run on (Lwt's <c>get_affinity</c>),
    /// in increasing order. With 0, the calling thread (which Linux's call means by 0; Lwt says
    /// "the current process").
    /// </summary>
    /// <param name="pid">The process or thread id, or 0.</param>
    /// <returns>The CPU numbers.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pid"/> is negative.</exception>
    /// <exception cref="UnixException"><c>sched_getaffinity(2)</c> failed: ESRCH when there is no such process; the argument is the pid.</exception>
    public static unsafe int[] GetAffinity(int pid = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(pid);
        ulong* mask = stackalloc ulong[CpuSetSize / 64];
        new Span<ulong>(mask, CpuSetSize / 64).Clear();
        if (Libc.sched_getaffinity(pid, CpuSetSize / 8, mask) < 0)
        {
            throw UnixException.FromLastError("sched_getaffinity", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var cpus = new List<int>();
        for (int cpu = 0; cpu < CpuSetSize; cpu++)
        {
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
            {
                cpus.Add(cpu);
            }
        }

        return cpus.ToArray();
    }

    /// <summary>
    /// Sets the CPUs that process or thread <paramref name="pid"/> may run on (Lwt's <c>set_affinity</c>).
    /// With 0, the calling thread only (Linux's meaning of 0; other threads keep theirs).
    /// </summary>
    /// <param name="cpus">The CPU numbers, from 0; repeats do no harm.</param>
    /// <param name="pid">The process or thread id, or 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="cpus"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="cpus"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="pid"/> is negative, or a CPU number is negative or at least 1024.</exception>
    /// <exception cref="UnixException"><c>sched_setaffinity(2)</c> failed: EINVAL when no CPU of the set is available, ESRCH, EPERM.</exception>
    public static unsafe void SetAffinity(IEnumerable<int> cpus, int pid = 0)
    {
        ArgumentNullException.ThrowIfNull(cpus);
        ArgumentOutOfRangeException.ThrowIfNegative(pid);
        ulong* mask = stackalloc ulong[CpuSetSize / 64];
        new Span<ulong>(mask, CpuSetSize / 64).Clear();
        bool any = false;
        foreach (int cpu in cpus)
        {
            if (cpu is < 0 or >= CpuSetSize)
            {
                throw new ArgumentOutOfRangeException(nameof(cpus), cpu, "A CPU number must be in [0, 1024).");
            }

            mask[cpu / 64] |= 1UL << (cpu % 64);
            any = true;
        }

        if (!any)
        {
            throw new ArgumentException("The set of CPUs is empty.", nameof(cpus));
        }

        if (Libc.sched_setaffinity(pid, CpuSetSize / 8, mask) < 0)
        {
            throw UnixException.FromLastError("sched_setaffinity", pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static Promise<T> ExitOnUnixError<T>(UnixException e)
    {
        string text = Marshal.PtrToStringUTF8(Libc.strerror(e.Errno)) ?? ("errno " + e.Errno);
        string program = Path.GetFileName(Environment.GetCommandLineArgs()[0]);
        string message = e.Argument.Length == 0
            ? $"{program}: \"{e.Call}\" failed: {text}"
            : $"{program}: \"{e.Call}\" failed on \"{e.Argument}\": {text}";
        TextWriter output = t_handleUnixErrorOutput ?? Console.Error;
        output.WriteLine(message);
        output.Flush();

        // OCaml's exit runs Lwt_main's at_exit handler, the exit hooks (Lwt_io's flush_all among them).
        Main.RunExitHooks();
        (t_handleUnixErrorExit ?? Environment.Exit)(2);

        // Reached only when a test replaced the exit: the promise stays rejected.
        return Promise.Fail<T>(e);
    }
}
