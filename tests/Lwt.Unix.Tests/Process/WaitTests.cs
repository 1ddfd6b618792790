// WaitTests.cs: Lwt_unix's wait, waitpid, wait4, wait_count and system (test/unix/test_lwt_unix.ml
// "wait" tests by intent: Lwt forks itself and exits 42; we spawn a shell that does).

using System;
using System.IO;
using Lwt.Process;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Process;

[Collection(nameof(LeakTests))]
public class WaitTests
{
    private static readonly Command Exit42 = Command.Shell("exit 42");

    // Lwt: "wait"
    [Fact]
    public void Wait_reports_a_child_of_the_loop() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            int pid = LwtProcess.OpenProcessNone(Exit42).Pid;
            Assert.Equal((pid, ProcessStatus.Exited(42)), await LwtUnix.Wait());
        }));

    // Lwt: "waitpid" and "waitpid: any child"
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void WaitPid_reports_the_child(bool anyChild) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            int pid = LwtProcess.OpenProcessNone(Exit42).Pid;
            Assert.Equal((pid, ProcessStatus.Exited(42)), await LwtUnix.WaitPid(WaitOptions.None, anyChild ? 0 : pid));
        }));

    // Lwt: "wait4" and "wait4: any child"
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Wait4_reports_the_child_and_its_usage(bool anyChild) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            int pid = LwtProcess.OpenProcessNone(Exit42).Pid;
            (int got, ProcessStatus status, ResourceUsage usage) = await LwtUnix.Wait4(WaitOptions.None, anyChild ? 0 : pid);
            Assert.Equal((pid, ProcessStatus.Exited(42)), (got, status));
            Assert.True(usage.UserTime >= TimeSpan.Zero && usage.SystemTime >= TimeSpan.Zero);
            Assert.True(LwtUnix.HasWait4);
        }));

    [Fact]
    public void The_process_object_and_a_wait_both_get_the_status() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "0.05"));
            Promise<(int Pid, ProcessStatus Status)> wait = LwtUnix.WaitPid(WaitOptions.None, p.Pid);
            Assert.Equal(2, LwtUnix.WaitCount);
            Assert.Equal(ProcessStatus.Exited(0), (await wait).Status);
            Assert.Equal(ProcessStatus.Exited(0), await p.Status);
            Assert.Equal(0, LwtUnix.WaitCount);
        }));

    [Fact]
    public void NoHang_answers_at_once() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "30"));
            try
            {
                Assert.Equal((0, ProcessStatus.Exited(0)), await LwtUnix.WaitPid(WaitOptions.NoHang, p.Pid));
                Assert.Equal(0, (await LwtUnix.Wait4(WaitOptions.NoHang, -1)).Pid);
            }
            finally
            {
                p.Terminate();
            }

            Assert.Equal(ProcessStatus.Signaled(9), await p.Status);
        }));

    [Fact]
    public void Untraced_reports_a_stopped_child() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Shell("kill -STOP $$; exit 5"));
            try
            {
                Assert.Equal((p.Pid, ProcessStatus.Stopped(19)), await LwtUnix.WaitPid(WaitOptions.Untraced, p.Pid));
                Assert.True(p.State.IsRunning);
                p.Kill(18); // SIGCONT
                Assert.Equal(ProcessStatus.Exited(5), await p.Status);
            }
            finally
            {
                // A failed check leaves the shell stopped: SIGKILL ends even a stopped process.
                p.Terminate();
            }
        }));

    [Fact]
    public void Without_children_wait_fails_with_echild() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await Rejection.Unix(LwtUnix.Wait(), 10, "waitpid");

            // Pid 1 is not our child: wait4 on it reports ECHILD, it is never reaped.
            await Rejection.Unix(LwtUnix.WaitPid(WaitOptions.None, 1), 10, "waitpid");
        }));

    [Fact]
    public void A_canceled_wait_is_withdrawn_and_the_child_still_reaped() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "0.05"));
            Promise<(int Pid, ProcessStatus Status)> wait = LwtUnix.Wait();
            wait.Cancel();
            await Rejection.Of<CanceledException>(wait);
            Assert.Equal(1, LwtUnix.WaitCount);
            Assert.Equal(ProcessStatus.Exited(0), await p.Status);
            Assert.False(File.Exists($"/proc/{p.Pid}/stat"));
        }));

    [Fact]
    public void SystemCommand_runs_the_shell_and_returns_its_status() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal(ProcessStatus.Exited(0), await LwtUnix.SystemCommand("true"));
            Assert.Equal(ProcessStatus.Exited(3), await LwtUnix.SystemCommand("exit 3"));
            Assert.Equal(ProcessStatus.Signaled(9), await LwtUnix.SystemCommand("kill -9 $$"));
            Assert.Equal(ProcessStatus.Exited(127), await LwtUnix.SystemCommand("no-such-command-lwt 2>/dev/null"));
            Assert.Throws<ArgumentNullException>(() => LwtUnix.SystemCommand(null!));
        }));

    // Lwt: system is waitpid on the shell's pid, so canceling it stops the wait only.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SystemCommand_canceled_stops_the_wait_only_and_the_shell_is_still_reaped(bool signalFallback) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ChildWatcher.ForceSignalFallback = signalFallback;
            try
            {
                Promise<ProcessStatus> quick = LwtUnix.SystemCommand("exit 5");
                Promise<ProcessStatus> slow = LwtUnix.SystemCommand("sleep 0.05");
                slow.Cancel();
                await Rejection.Of<CanceledException>(slow);
                Assert.Equal(ProcessStatus.Exited(5), await quick);
                while (LwtUnix.WaitCount != 0)
                {
                    await Time.Sleep(TimeSpan.FromMilliseconds(10));
                }
            }
            finally
            {
                ChildWatcher.ForceSignalFallback = false;
            }
        }));

    [Fact]
    public void The_sigchld_fallback_reaps_children_too() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ChildWatcher.ForceSignalFallback = true;
            try
            {
                ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "0.05"));
                Assert.Equal(ProcessStatus.Exited(42), await LwtProcess.Exec(Exit42));
                Assert.Equal("x\n", await LwtProcess.Pread(Command.Shell("echo x")));
                Assert.Equal(ProcessStatus.Exited(0), await p.Status);
                Assert.False(File.Exists($"/proc/{p.Pid}/stat"));
            }
            finally
            {
                ChildWatcher.ForceSignalFallback = false;
            }
        }));

    [Fact]
    public void Children_of_a_disposed_loop_are_reaped_when_they_exit() =>
        LoopThread.Run(() =>
        {
            int pid = 0;
            LoopThread.Run(() => pid = LwtProcess.OpenProcessNone(Command.Of("sleep", "0.05")).Pid);
            Main.Run(async () =>
            {
                // The orphan is reaped on SIGCHLD; a child of ours exiting later raises one too.
                for (int i = 0; i < 100 && File.Exists($"/proc/{pid}/stat"); i++)
                {
                    await LwtProcess.Exec(Command.Of("sleep", "0.01"));
                }
            });
            Assert.False(File.Exists($"/proc/{pid}/stat"));
        });
}
