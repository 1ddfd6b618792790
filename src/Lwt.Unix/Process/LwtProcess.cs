// LwtProcess.cs: Lwt_process's spawning functions: open_process_* (process objects with pipes),
// with_process_* (open, run a function, close), and exec. The high-level pread/pwrite/pmap
// functions are in LwtProcess.Pipes.cs.
//
// Errors: bad arguments throw at once, before anything starts. A spawn that fails (no such
// program, a missing working directory) throws UnixException from open_process_* and rejects the
// promise of the promise-returning functions. Pipes are made close-on-exec, so a child gets only
// the descriptors its redirections name; both ends are closed if the spawn fails.

using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>
/// Spawns child processes and talks to them (Lwt's <c>Lwt_process</c>). Every function takes the
/// command, then Lwt's optional arguments: <c>timeout</c> (after it, the child gets SIGKILL and its
/// pipes are closed; pending reads then fail with <see cref="ChannelClosedException"/>),
/// <c>environment</c> (default: the parent's), <c>workingDirectory</c> (default: the parent's), and
/// the <see cref="Redirection"/> of each standard descriptor that is not a pipe (default: <see cref="Redirection.Keep"/>).
/// </summary>
public static partial class LwtProcess
{
    /// <summary>Spawns a child with no pipe to it (Lwt's <c>Lwt_process.open_process_none</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input (null: <see cref="Redirection.Keep"/>).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The process.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The spawn failed: ENOENT naming the program (or <c>chdir</c> naming the directory), EACCES...</exception>
    public static ProcessNone OpenProcessNone(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        Check(command, timeout, workingDirectory, stdin, stdout, stderr);
        WatchedChild child = Spawner.Spawn(command, environment, workingDirectory, stdin, stdout, stderr);
        return new ProcessNone(child, timeout);
    }

    /// <summary>Spawns a child whose standard output is a pipe to us (Lwt's <c>Lwt_process.open_process_in</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The process; read <see cref="ProcessIn.Stdout"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The pipe or the spawn failed.</exception>
    public static ProcessIn OpenProcessIn(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null)
    {
        Check(command, timeout, workingDirectory, stdin, null, stderr);
        (FileDescriptor read, int write) = FileDescriptor.PipeIn();
        try
        {
            WatchedChild child = Spawner.Spawn(command, environment, workingDirectory, stdin, Redirection.MoveRaw(write), stderr);
            return new ProcessIn(child, timeout, InputChannel.FromDescriptor(read));
        }
        catch
        {
            read.Dispose();
            throw;
        }
    }

    /// <summary>Spawns a child whose standard input is a pipe from us (Lwt's <c>Lwt_process.open_process_out</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The process; write to <see cref="ProcessOut.Stdin"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">The pipe or the spawn failed.</exception>
    public static ProcessOut OpenProcessOut(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        Check(command, timeout, workingDirectory, null, stdout, stderr);
        (int read, FileDescriptor write) = FileDescriptor.PipeOut();
        try
        {
            WatchedChild child = Spawner.Spawn(command, environment, workingDirectory, Redirection.MoveRaw(read), stdout, stderr);
            return new ProcessOut(child, timeout, OutputChannel.FromDescriptor(write));
        }
        catch
        {
            write.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Spawns a child whose standard input and output are pipes to and from us (Lwt's <c>Lwt_process.open_process</c>).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The process.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <exception cref="UnixException">A pipe or the spawn failed.</exception>
    public static ProcessInOut OpenProcess(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        Check(command, timeout, workingDirectory, null, null, stderr);
        (int inRead, FileDescriptor inWrite) = FileDescriptor.PipeOut();
        FileDescriptor? outRead = null;
        try
        {
            (outRead, int outWrite) = PipeInOrClose(inRead);
            WatchedChild child = Spawner.Spawn(command, environment, workingDirectory, Redirection.MoveRaw(inRead), Redirection.MoveRaw(outWrite), stderr);
            return new ProcessInOut(child, timeout, OutputChannel.FromDescriptor(inWrite), InputChannel.FromDescriptor(outRead));
        }
        catch
        {
            inWrite.Dispose();
            outRead?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Spawns a child whose standard input, output and error are pipes (Lwt's <c>Lwt_process.open_process_full</c>).
    /// </summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <returns>The process.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty.</exception>
    /// <exception cref="UnixException">A pipe or the spawn failed.</exception>
    public static ProcessFull OpenProcessFull(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null)
    {
        Check(command, timeout, workingDirectory, null, null, null);
        (int inRead, FileDescriptor inWrite) = FileDescriptor.PipeOut();
        FileDescriptor? outRead = null;
        FileDescriptor? errRead = null;
        try
        {
            (outRead, int outWrite) = PipeInOrClose(inRead);
            (errRead, int errWrite) = PipeInOrClose(inRead, outWrite);
            WatchedChild child = Spawner.Spawn(
                command,
                environment,
                workingDirectory,
                Redirection.MoveRaw(inRead),
                Redirection.MoveRaw(outWrite),
                Redirection.MoveRaw(errWrite));
            return new ProcessFull(
                child,
                timeout,
                OutputChannel.FromDescriptor(inWrite),
                InputChannel.FromDescriptor(outRead),
                InputChannel.FromDescriptor(errRead));
        }
        catch
        {
            inWrite.Dispose();
            outRead?.Dispose();
            errRead?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a process (<see cref="OpenProcessNone"/>), runs <paramref name="f"/> on it, then closes
    /// it, whatever <paramref name="f"/> did (Lwt's <c>Lwt_process.with_process_none</c>).
    /// </summary>
    /// <typeparam name="T">The result of <paramref name="f"/>.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="f">Uses the process.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The result of <paramref name="f"/>, once the process is closed (the child has exited).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="f"/> is null.</exception>
    /// <remarks>
    /// A failed spawn rejects the promise with <see cref="UnixException"/>. Canceling cancels what
    /// <paramref name="f"/> waits on; the process is closed all the same.
    /// </remarks>
    public static Promise<T> WithProcessNone<T>(
        Command command,
        Func<ProcessNone, Promise<T>> f,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Check(command, timeout, workingDirectory, stdin, stdout, stderr);
        return With(() => OpenProcessNone(command, timeout, environment, workingDirectory, stdin, stdout, stderr), f);
    }

    /// <summary>Opens a process with <see cref="OpenProcessIn"/>, runs <paramref name="f"/>, closes it (Lwt's <c>Lwt_process.with_process_in</c>).</summary>
    /// <typeparam name="T">The result of <paramref name="f"/>.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="f">Uses the process.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The result of <paramref name="f"/>, once the process is closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="f"/> is null.</exception>
    /// <remarks>As <see cref="WithProcessNone{T}"/>.</remarks>
    public static Promise<T> WithProcessIn<T>(
        Command command,
        Func<ProcessIn, Promise<T>> f,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Check(command, timeout, workingDirectory, stdin, null, stderr);
        return With(() => OpenProcessIn(command, timeout, environment, workingDirectory, stdin, stderr), f);
    }

    /// <summary>Opens a process with <see cref="OpenProcessOut"/>, runs <paramref name="f"/>, closes it (Lwt's <c>Lwt_process.with_process_out</c>).</summary>
    /// <typeparam name="T">The result of <paramref name="f"/>.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="f">Uses the process.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The result of <paramref name="f"/>, once the process is closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="f"/> is null.</exception>
    /// <remarks>As <see cref="WithProcessNone{T}"/>.</remarks>
    public static Promise<T> WithProcessOut<T>(
        Command command,
        Func<ProcessOut, Promise<T>> f,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Check(command, timeout, workingDirectory, null, stdout, stderr);
        return With(() => OpenProcessOut(command, timeout, environment, workingDirectory, stdout, stderr), f);
    }

    /// <summary>Opens a process with <see cref="OpenProcess"/>, runs <paramref name="f"/>, closes it (Lwt's <c>Lwt_process.with_process</c>).</summary>
    /// <typeparam name="T">The result of <paramref name="f"/>.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="f">Uses the process.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The result of <paramref name="f"/>, once the process is closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="f"/> is null.</exception>
    /// <remarks>As <see cref="WithProcessNone{T}"/>.</remarks>
    public static Promise<T> WithProcess<T>(
        Command command,
        Func<ProcessInOut, Promise<T>> f,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stderr = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Check(command, timeout, workingDirectory, null, null, stderr);
        return With(() => OpenProcess(command, timeout, environment, workingDirectory, stderr), f);
    }

    /// <summary>Opens a process with <see cref="OpenProcessFull"/>, runs <paramref name="f"/>, closes it (Lwt's <c>Lwt_process.with_process_full</c>).</summary>
    /// <typeparam name="T">The result of <paramref name="f"/>.</typeparam>
    /// <param name="command">The command.</param>
    /// <param name="f">Uses the process.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <returns>The result of <paramref name="f"/>, once the process is closed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> or <paramref name="f"/> is null.</exception>
    /// <remarks>As <see cref="WithProcessNone{T}"/>.</remarks>
    public static Promise<T> WithProcessFull<T>(
        Command command,
        Func<ProcessFull, Promise<T>> f,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(f);
        Check(command, timeout, workingDirectory, null, null, null);
        return With(() => OpenProcessFull(command, timeout, environment, workingDirectory), f);
    }

    /// <summary>Runs a command and waits for it to exit (Lwt's <c>Lwt_process.exec</c>).</summary>
    /// <param name="command">The command.</param>
    /// <param name="timeout">Kill the child after this long (null: never).</param>
    /// <param name="environment">The child's environment (null: the parent's).</param>
    /// <param name="workingDirectory">The child's working directory (null: the parent's).</param>
    /// <param name="stdin">The child's standard input.</param>
    /// <param name="stdout">The child's standard output.</param>
    /// <param name="stderr">The child's standard error.</param>
    /// <returns>The exit status.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="command"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="workingDirectory"/> is empty, or a redirected descriptor is closed.</exception>
    /// <remarks>
    /// A failed spawn rejects the promise with <see cref="UnixException"/> (Lwt's child exits 127).
    /// Canceling the promise kills the child (SIGKILL) and rejects it with <see cref="CanceledException"/>;
    /// the child is still reaped.
    /// </remarks>
    public static Promise<ProcessStatus> Exec(
        Command command,
        TimeSpan? timeout = null,
        ProcessEnvironment? environment = null,
        string? workingDirectory = null,
        Redirection? stdin = null,
        Redirection? stdout = null,
        Redirection? stderr = null)
    {
        Check(command, timeout, workingDirectory, stdin, stdout, stderr);
        ProcessNone process;
        try
        {
            process = OpenProcessNone(command, timeout, environment, workingDirectory, stdin, stdout, stderr);
        }
        catch (UnixException e)
        {
            return Promise.Fail<ProcessStatus>(e);
        }

        return KillOnCancel(process, process.Close());
    }

    internal static void Check(Command command, TimeSpan? timeout, string? workingDirectory, Redirection? stdin, Redirection? stdout, Redirection? stderr)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (timeout is TimeSpan t)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(t, TimeSpan.Zero, nameof(timeout));
        }

        Spawner.CheckWorkingDirectory(workingDirectory);
        Spawner.CheckRedirection(stdin, nameof(stdin));
        Spawner.CheckRedirection(stdout, nameof(stdout));
        Spawner.CheckRedirection(stderr, nameof(stderr));
    }

    /// <summary>Lwt's make_with: open, run f, close whatever happened; a failed open rejects.</summary>
    private static Promise<T> With<TProcess, T>(Func<TProcess> open, Func<TProcess, Promise<T>> f)
        where TProcess : ProcessNone
    {
        TProcess process;
        try
        {
            process = open();
        }
        catch (UnixException e)
        {
            return Promise.Fail<T>(e);
        }

        return Promise.Finalize(() => f(process), () => process.Close());
    }

    /// <summary>Awaits <paramref name="work"/>; if it is canceled, kills the child first.</summary>
    private static async Promise<T> KillOnCancel<T>(ProcessNone process, Promise<T> work)
    {
        try
        {
            return await work;
        }
        catch (CanceledException)
        {
            process.TerminateQuietly();
            throw;
        }
    }

    /// <summary>A pipe for a child's output; on failure closes the raw descriptors already made.</summary>
    private static (FileDescriptor Read, int Write) PipeInOrClose(params ReadOnlySpan<int> alreadyMade)
    {
        try
        {
            return FileDescriptor.PipeIn();
        }
        catch
        {
            foreach (int fd in alreadyMade)
            {
                Unix.Native.Libc.close(fd);
            }

            throw;
        }
    }
}
