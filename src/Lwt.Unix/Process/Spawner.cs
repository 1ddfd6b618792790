// Spawner.cs: starts a child with posix_spawnp. glibc's posix_spawn clones with CLONE_VFORK, so
// it is safe in a multithreaded runtime (no fork of the .NET runtime's state), and it returns once
// the child has called exec (or failed to: exec errors come back as the return value, so a missing
// program is an error here, not a child that exits 127 as in Lwt; a file that is not an executable
// format, such as a script without a #! line, is run with /bin/sh, as Lwt's execvp does). The call is made on the loop:
// it waits only for the kernel to start the new program, like Process.Start does.
//
// The .NET runtime ignores SIGPIPE and blocks some signals on its threads; ignored dispositions
// and the mask survive exec, so the child gets every signal's default action and an empty mask.
// The standard descriptors are set by file actions; every other descriptor this library opens is
// close-on-exec, so the child gets only what the redirections say.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Lwt.Unix;
using Lwt.Unix.Native;

namespace Lwt.Process;

internal static unsafe class Spawner
{
    /// <summary>Spawns the command on this thread's loop and starts watching it.</summary>
    /// <exception cref="UnixException">posix_spawnp failed (ENOENT naming the program, EACCES...).</exception>
    internal static WatchedChild Spawn(
        Command command,
        ProcessEnvironment? environment,
        string? workingDirectory,
        Redirection? stdin,
        Redirection? stdout,
        Redirection? stderr)
    {
        ChildWatcher watcher;
        int pid;
        try
        {
            watcher = ChildWatcher.Current;
            ProcessEnvironment env = environment ?? ProcessEnvironment.Inherit;
            Redirection[] redirections = [stdin ?? Redirection.Keep, stdout ?? Redirection.Keep, stderr ?? Redirection.Keep];
            try
            {
                pid = SpawnCore(command, env, workingDirectory, redirections);
            }
            catch (UnixException e) when (e.Errno == Libc.ENOEXEC && e.Call == "posix_spawnp")
            {
                // Lwt spawns with execvp, which runs a file the kernel cannot execute (a script
                // without a #! line) with /bin/sh; posix_spawnp reports ENOEXEC instead.
                pid = SpawnCore(AsShellScript(command, workingDirectory, Libc.GetEnvironment("PATH")), env, workingDirectory, redirections);
            }
        }
        finally
        {
            CloseMoved(stdin);
            CloseMoved(stdout);
            CloseMoved(stderr);
        }

        return watcher.Adopt(pid);
    }

    /// <summary>
    /// The command as glibc's execvp runs a file that is not an executable format: /bin/sh with
    /// the file (as found on <paramref name="searchPath"/> for a bare name) and the command's
    /// arguments after argv[0].
    /// </summary>
    /// <param name="command">The command posix_spawnp refused with ENOEXEC.</param>
    /// <param name="workingDirectory">The child's working directory, which relative entries of the search path are in (the lookup happens in the child, after its chdir); null for this process's.</param>
    /// <param name="searchPath">The PATH posix_spawnp searched: this process's native one, not .NET's copy; null for glibc's default.</param>
    internal static Command AsShellScript(Command command, string? workingDirectory, string? searchPath)
    {
        string file = command.Executable;
        if (!file.Contains('/', StringComparison.Ordinal))
        {
            foreach (string directory in (searchPath ?? "/bin:/usr/bin").Split(':'))
            {
                // An empty entry is the current directory, and glibc then runs the bare name.
                string candidate = directory.Length == 0 ? file : Path.Combine(directory, file);
                string probe = workingDirectory is null || Path.IsPathRooted(candidate) ? candidate : Path.Combine(workingDirectory, candidate);
                if (File.Exists(probe) && Libc.access(probe, (int)AccessModes.Execute) == 0)
                {
                    file = candidate;
                    break;
                }
            }
        }

        IReadOnlyList<string> argv = command.Arguments;
        var arguments = new List<string>(argv.Count + 1) { "/bin/sh", file };
        for (int i = 1; i < argv.Count; i++)
        {
            arguments.Add(argv[i]);
        }

        return new Command("/bin/sh", arguments);
    }

    internal static void CheckWorkingDirectory(string? workingDirectory)
    {
        if (workingDirectory is not null && (workingDirectory.Length == 0 || workingDirectory.Contains('\0', StringComparison.Ordinal)))
        {
            throw new ArgumentException("The working directory must be a non-empty path without NUL characters.", nameof(workingDirectory));
        }
    }

    internal static void CheckRedirection(Redirection? redirection, string paramName)
    {
        if (redirection?.Descriptor is FileDescriptor fd && fd.State != FileDescriptorState.Opened)
        {
            throw new ArgumentException($"The descriptor to redirect is {fd.State}.", paramName);
        }
    }

    private static void CloseMoved(Redirection? redirection)
    {
        if (redirection is null || redirection.Kind != RedirectionKind.Move)
        {
            return;
        }

        if (redirection.Descriptor is FileDescriptor fd)
        {
            fd.Dispose();
        }
        else if (redirection.RawFd >= 0)
        {
            Libc.close(redirection.RawFd);
        }
    }

    private static int SpawnCore(Command command, ProcessEnvironment environment, string? workingDirectory, Redirection[] redirections)
    {
        List<string> env = environment.Build();
        IReadOnlyList<string> argv = command.Arguments;

        // One native block: the argv and envp pointer arrays, then every string, NUL-terminated.
        int pointerBytes = (argv.Count + 1 + env.Count + 1) * sizeof(nint);
        int textBytes = Encoding.UTF8.GetByteCount(command.Executable) + 1 + (workingDirectory is null ? 0 : Encoding.UTF8.GetByteCount(workingDirectory) + 1) + 11;
        foreach (string a in argv)
        {
            textBytes += Encoding.UTF8.GetByteCount(a) + 1;
        }

        foreach (string e in env)
        {
            textBytes += Encoding.UTF8.GetByteCount(e) + 1;
        }

        byte* block = (byte*)NativeMemory.Alloc((nuint)(pointerBytes + textBytes));
        byte* fileActions = stackalloc byte[Libc.SpawnFileActionsSize];
        byte* attr = stackalloc byte[Libc.SpawnAttrSize];
        byte* sigset = stackalloc byte[Libc.SigsetSize];
        int* temps = stackalloc int[3];
        temps[0] = temps[1] = temps[2] = -1;
        bool actionsMade = false;
        bool attrMade = false;
        try
        {
            byte** argvp = (byte**)block;
            byte** envp = argvp + argv.Count + 1;
            byte* text = block + pointerBytes;
            byte* end = text + textBytes;
            byte* path = Put(command.Executable, ref text, end);
            for (int i = 0; i < argv.Count; i++)
            {
                argvp[i] = Put(argv[i], ref text, end);
            }

            argvp[argv.Count] = null;
            for (int i = 0; i < env.Count; i++)
            {
                envp[i] = Put(env[i], ref text, end);
            }

            envp[env.Count] = null;
            byte* cwd = workingDirectory is null ? null : Put(workingDirectory, ref text, end);
            byte* devNull = Put("/dev/null", ref text, end);

            Check(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init", command);
            attrMade = true;
            _ = Libc.sigemptyset(sigset);
            Check(Libc.posix_spawnattr_setsigmask(attr, sigset), "posix_spawnattr_setsigmask", command);
            _ = Libc.sigfillset(sigset);
            Check(Libc.posix_spawnattr_setsigdefault(attr, sigset), "posix_spawnattr_setsigdefault", command);
            Check(Libc.posix_spawnattr_setflags(attr, Libc.POSIX_SPAWN_SETSIGMASK | Libc.POSIX_SPAWN_SETSIGDEF), "posix_spawnattr_setflags", command);

            Check(Libc.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init", command);
            actionsMade = true;
            for (int target = 0; target < 3; target++)
            {
                Redirection r = redirections[target];
                switch (r.Kind)
                {
                    case RedirectionKind.DevNull:
                        Check(Libc.posix_spawn_file_actions_addopen(fileActions, target, devNull, Libc.O_RDWR, 0), "posix_spawn_file_actions_addopen", command);
                        break;
                    case RedirectionKind.Close:
                        Check(Libc.posix_spawn_file_actions_addclose(fileActions, target), "posix_spawn_file_actions_addclose", command);
                        break;
                    case RedirectionKind.Copy when r.IsChildStandard:
                        // Lwt's dup2 in the child, in order: the descriptor as the actions before left it.
                        if (r.RawFd != target)
                        {
                            Check(Libc.posix_spawn_file_actions_adddup2(fileActions, r.RawFd, target), "posix_spawn_file_actions_adddup2", command);
                        }

                        break;
                    case RedirectionKind.Copy:
                    case RedirectionKind.Move:
                        int source = r.Descriptor?.Fd ?? r.RawFd;
                        if (r.Kind == RedirectionKind.Move && r.Descriptor is not null)
                        {
                            ClearNonBlocking(source);
                        }

                        if (source < 3 && source != target)
                        {
                            // An earlier action may replace descriptor 0-2 in the child before this
                            // one reads it: hand the child a copy above 2 instead.
                            source = Libc.fcntl(source, Libc.F_DUPFD_CLOEXEC, 3);
                            if (source < 0)
                            {
                                throw UnixException.FromLastError("fcntl", (r.Descriptor?.Fd ?? r.RawFd).ToString(System.Globalization.CultureInfo.InvariantCulture));
                            }

                            temps[target] = source;
                        }

                        Check(Libc.posix_spawn_file_actions_adddup2(fileActions, source, target), "posix_spawn_file_actions_adddup2", command);
                        break;
                    default:
                        break;
                }
            }

            if (cwd is not null)
            {
                Check(Libc.posix_spawn_file_actions_addchdir_np(fileActions, cwd), "posix_spawn_file_actions_addchdir_np", command);
            }

            int pid;
            int error = Libc.posix_spawnp(&pid, path, fileActions, attr, argvp, envp);
            if (error != 0)
            {
                // posix_spawnp reports a failed chdir of the child as its own error: name the
                // directory when it cannot be entered (missing, not a directory, no search permission).
                if (workingDirectory is not null && (!Directory.Exists(workingDirectory) || Libc.access(workingDirectory, (int)AccessModes.Execute) != 0))
                {
                    throw new UnixException(error, "chdir", workingDirectory);
                }

                throw new UnixException(error, "posix_spawnp", command.Executable);
            }

            return pid;
        }
        finally
        {
            if (actionsMade)
            {
                _ = Libc.posix_spawn_file_actions_destroy(fileActions);
            }

            if (attrMade)
            {
                _ = Libc.posix_spawnattr_destroy(attr);
            }

            for (int i = 0; i < 3; i++)
            {
                if (temps[i] >= 0)
                {
                    Libc.close(temps[i]);
                }
            }

            NativeMemory.Free(block);
        }
    }

    /// <summary>
    /// O_NONBLOCK belongs to the open file, which the child shares: a child handed our non-blocking
    /// pipe end would get EAGAIN. A moved descriptor is the parent's no more, so it goes back to
    /// blocking mode. A copied one keeps its mode, since the parent still uses it.
    /// </summary>
    private static void ClearNonBlocking(int fd)
    {
        int flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        if (flags >= 0 && (flags & Libc.O_NONBLOCK) != 0)
        {
            _ = Libc.fcntl(fd, Libc.F_SETFL, flags & ~Libc.O_NONBLOCK);
        }
    }

    private static byte* Put(string s, ref byte* text, byte* end)
    {
        byte* start = text;
        int n = Encoding.UTF8.GetBytes(s, new Span<byte>(text, (int)(end - text)));
        text[n] = 0;
        text += n + 1;
        return start;
    }

    private static void Check(int error, string call, Command command)
    {
        if (error != 0)
        {
            throw new UnixException(error, call, command.Executable);
        }
    }
}
