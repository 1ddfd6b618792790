// Workloads.Process.cs: the child-process workloads. spawn_wait: spawn /bin/true and wait for it,
// against Process.Start + WaitForExitAsync. child_read_100mb: read 100 MiB from a child's stdout
// (head -c 104857600 /dev/zero), through our non-blocking pipe descriptor, against
// Process.StandardOutput.BaseStream.ReadAsync; both with a 64 KiB buffer.

using System;
using System.Threading.Tasks;
using Lwt.Process;
using Lwt.Unix;
using DotnetProcess = System.Diagnostics.Process;
using ProcessStartInfo = System.Diagnostics.ProcessStartInfo;

namespace Lwt.Benchmarks;

public static partial class Workloads
{
    /// <summary>Sequential spawns per spawn_wait operation batch.</summary>
    public const int SpawnRounds = 20;

    /// <summary>MiB read per child_read_100mb operation (one operation = one MiB).</summary>
    public const int ChildReadMiB = 100;

    private const int ChildReadBuffer = 64 * 1024;

    private static readonly Command s_true = Command.Of("/bin/true");
    private static readonly Command s_head = Command.Of("head", "-c", (ChildReadMiB * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero");

    /// <summary>Lwt: SpawnRounds times LwtProcess.Exec(/bin/true), one after the other, under Main.Run.</summary>
    /// <returns>1 when every child exited with 0.</returns>
    public static int LwtSpawnWait() => Main.Run(static () => LwtSpawnLoop()) == SpawnRounds ? 1 : 0;

    /// <summary>.NET: SpawnRounds times Process.Start(/bin/true) + WaitForExitAsync.</summary>
    /// <returns>1 when every child exited with 0.</returns>
    public static int TaskSpawnWait() => TaskSpawnLoop().GetAwaiter().GetResult() == SpawnRounds ? 1 : 0;

    /// <summary>Lwt: a pipe from FileDescriptor.Pipe moved to the child's stdout, read with FileDescriptor.ReadAsync under Main.Run.</summary>
    /// <returns>1 when exactly 100 MiB arrived and the child exited with 0.</returns>
    public static int LwtChildRead() => Main.Run(static () => LwtChildReadCore()) ? 1 : 0;

    /// <summary>.NET: Process.StandardOutput.BaseStream.ReadAsync.</summary>
    /// <returns>1 when exactly 100 MiB arrived and the child exited with 0.</returns>
    public static int TaskChildRead() => TaskChildReadCore().GetAwaiter().GetResult() ? 1 : 0;

    private static async Promise<int> LwtSpawnLoop()
    {
        int ok = 0;
        for (int i = 0; i < SpawnRounds; i++)
        {
            if ((await LwtProcess.Exec(s_true)).IsSuccess)
            {
                ok++;
            }
        }

        return ok;
    }

    private static async Task<int> TaskSpawnLoop()
    {
        int ok = 0;
        for (int i = 0; i < SpawnRounds; i++)
        {
            using DotnetProcess p = DotnetProcess.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!;
            await p.WaitForExitAsync().ConfigureAwait(false);
            if (p.ExitCode == 0)
            {
                ok++;
            }
        }

        return ok;
    }

    private static async Promise<bool> LwtChildReadCore()
    {
        (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
        using (read)
        {
            ProcessNone child = LwtProcess.OpenProcessNone(s_head, stdout: Redirection.Move(write));
            byte[] buffer = new byte[ChildReadBuffer];
            long total = 0;
            int n;
            while ((n = await read.ReadAsync(buffer)) > 0)
            {
                total += n;
            }

            return total == ChildReadMiB * 1024L * 1024 && (await child.Status).IsSuccess;
        }
    }

    private static async Task<bool> TaskChildReadCore()
    {
        var info = new ProcessStartInfo("head", ["-c", (ChildReadMiB * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture), "/dev/zero"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        using DotnetProcess p = DotnetProcess.Start(info)!;
        System.IO.Stream stdout = p.StandardOutput.BaseStream;
        byte[] buffer = new byte[ChildReadBuffer];
        long total = 0;
        int n;
        while ((n = await stdout.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            total += n;
        }

        await p.WaitForExitAsync().ConfigureAwait(false);
        return total == ChildReadMiB * 1024L * 1024 && p.ExitCode == 0;
    }
}
