// SpawnFloor.cs: the floor of spawn_wait on this machine: posix_spawn of /bin/true and a blocking
// waitpid, straight from libc with no event loop, no pipes and no managed process object. No
// library that spawns and waits can go below it, so it tells how far the spawn_wait target is
// reachable here at all.

using System;
using System.Runtime.InteropServices;

namespace Lwt.Benchmarks;

/// <summary>spawn_wait done with nothing but posix_spawn and waitpid.</summary>
internal static unsafe partial class SpawnFloor
{
    private static readonly nint s_path = Marshal.StringToCoTaskMemUTF8("/bin/true");

    /// <summary>SpawnRounds children of /bin/true, each waited for before the next.</summary>
    /// <returns>1 when every child exited with 0.</returns>
    internal static int Run()
    {
        nint* argv = stackalloc nint[2];
        argv[0] = s_path;
        argv[1] = 0;
        nint* envp = stackalloc nint[1];
        envp[0] = 0;
        int ok = 0;
        for (int i = 0; i < Workloads.SpawnRounds; i++)
        {
            int pid;
            int err = posix_spawn(&pid, s_path, 0, 0, argv, envp);
            if (err != 0)
            {
                throw new InvalidOperationException("posix_spawn(/bin/true) failed: errno " + err);
            }

            int status;
            while (waitpid(pid, &status, 0) < 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != 4)
                {
                    throw new InvalidOperationException("waitpid failed: errno " + errno);
                }
            }

            if (status == 0)
            {
                ok++;
            }
        }

        return ok == Workloads.SpawnRounds ? 1 : 0;
    }

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    private static partial int posix_spawn(int* pid, nint path, nint fileActions, nint attributes, nint* argv, nint* envp);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int waitpid(int pid, int* status, int options);
}
