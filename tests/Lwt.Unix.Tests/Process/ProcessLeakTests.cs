// ProcessLeakTests.cs: many children at once leave no descriptor and no zombie, and our children
// coexist with System.Diagnostics.Process children in the same program.

using System;
using System.Collections.Generic;
using System.IO;
using Lwt.Process;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;
using DotnetProcess = System.Diagnostics.Process;

namespace Lwt.Unix.Tests.Process;

[Collection(nameof(LeakTests))]
public class ProcessLeakTests
{
    [Fact]
    public void Two_hundred_concurrent_children_complete_and_leave_nothing() =>
        LoopThread.Run(() =>
        {
            // Assemblies the runtime loads lazily show as descriptors (.NET's SIGCHLD thread may load
            // one when our children exit, after an earlier test used System.Diagnostics.Process):
            // they are not ours, so only the others are counted.
            _ = EventLoop.Current;
            string[] before = Links();
            var pids = new List<int>();
            Main.Run(async () =>
            {
                var statuses = new List<Promise<ProcessStatus>>();
                for (int i = 0; i < 200; i++)
                {
                    ProcessIn p = LwtProcess.OpenProcessIn(Command.Shell($"echo {i}; exit {i % 7}"));
                    pids.Add(p.Pid);
                    int expected = i;
                    statuses.Add(p.Stdout.ReadLine().Bind(line =>
                    {
                        Assert.Equal(expected.ToString(System.Globalization.CultureInfo.InvariantCulture), line);
                        return p.Close();
                    }));
                }

                ProcessStatus[] all = await Promise.All(statuses);
                for (int i = 0; i < all.Length; i++)
                {
                    Assert.Equal(ProcessStatus.Exited(i % 7), all[i]);
                }

                Assert.Equal(0, LwtUnix.WaitCount);
            });
            Assert.Equal(before, Links());
            foreach (int pid in pids)
            {
                Assert.False(File.Exists($"/proc/{pid}/stat"), $"child {pid} is still there");
            }
        });

    private static string[] Links()
    {
        var list = new List<string>();
        foreach (string f in Directory.GetFiles("/proc/self/fd"))
        {
            try
            {
                string? target = new FileInfo(f).LinkTarget;
                if (target is null || !target.EndsWith(".dll", StringComparison.Ordinal))
                {
                    list.Add(f + "->" + target);
                }
            }
            catch (IOException)
            {
            }
        }

        list.Sort(StringComparer.Ordinal);
        return [.. list];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Our_children_and_dotnet_process_children_each_get_their_own_status(bool signalFallback) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ChildWatcher.ForceSignalFallback = signalFallback;
            try
            {
                var theirs = new List<DotnetProcess>();
                var ours = new List<Promise<ProcessStatus>>();
                for (int i = 0; i < 10; i++)
                {
                    theirs.Add(DotnetProcess.Start("/bin/sh", ["-c", $"sleep 0.0{i}; exit {i + 20}"]));
                    ours.Add(LwtProcess.Exec(Command.Shell($"sleep 0.0{9 - i}; exit {i}")));
                }

                ProcessStatus[] statuses = await Promise.All(ours);
                for (int i = 0; i < 10; i++)
                {
                    Assert.Equal(ProcessStatus.Exited(i), statuses[i]);
                    await Promise.FromTask(theirs[i].WaitForExitAsync());
                    Assert.Equal(i + 20, theirs[i].ExitCode);
                    theirs[i].Dispose();
                }
            }
            finally
            {
                ChildWatcher.ForceSignalFallback = false;
            }
        }));
}
