// ProcessTests.cs: Lwt_process on real children (test/unix/test_lwt_process.ml by intent, plus
// exit statuses, errors, timeouts, cancellation, environment and working directory). Children
// and descriptors are process-wide, hence the non-parallel LeakTests collection.

using System;
using System.IO;
using Lwt.Io;
using Lwt.Process;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests.Process;

[Collection(nameof(LeakTests))]
public class ProcessTests
{
    private const string Expected = "the quick brown fox jumps over the lazy dog";

    // Lwt's dummy.exe, as shell commands.
    private static readonly Command Write = Command.Shell($"printf '{Expected}'");
    private static readonly Command ErrWrite = Command.Shell($"printf '{Expected}' >&2");
    private static readonly Command Read = Command.Shell($"[ \"$(cat)\" = '{Expected}' ]");

    // Lwt: "lazy_undefined"
    [Fact]
    public void Timeout_kills_the_child_and_closes_its_pipe_under_a_pending_read() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessStatus status = await LwtProcess.WithProcessIn(
                Command.Of("sleep", "30"),
                async p =>
                {
                    await Rejection.Of<ChannelClosedException>(p.Stdout.ReadAll());
                    return await p.Status;
                },
                timeout: TimeSpan.FromMilliseconds(100));
            Assert.Equal(ProcessStatus.Signaled(9), status);
        }));

    // Lwt: "subproc stdout can be redirected to null"
    [Fact]
    public void Stdout_can_be_redirected_to_dev_null() =>
        Assert.Equal(ProcessStatus.Exited(0), Run(() => LwtProcess.Exec(Write, stdout: Redirection.DevNull)));

    // Lwt: "subproc stderr can be redirected to null"
    [Fact]
    public void Stderr_can_be_redirected_to_dev_null() =>
        Assert.Equal(ProcessStatus.Exited(0), Run(() => LwtProcess.Exec(ErrWrite, stderr: Redirection.DevNull)));

    // Lwt: "subproc cannot write on closed stdout"
    [Fact]
    public void A_child_cannot_write_on_a_closed_stdout() =>
        Assert.NotEqual(0, Run(() => LwtProcess.Exec(Write, stdout: Redirection.Close, stderr: Redirection.DevNull)).ExitCode);

    // Lwt: "subproc cannot write on closed stderr"
    [Fact]
    public void A_child_cannot_write_on_a_closed_stderr() =>
        Assert.NotEqual(0, Run(() => LwtProcess.Exec(ErrWrite, stderr: Redirection.Close)).ExitCode);

    // Lwt: "can write to subproc stdin"
    [Fact]
    public void Can_write_to_a_child_stdin_through_a_moved_descriptor() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            Promise<ProcessStatus> exec;
            try
            {
                exec = LwtProcess.Exec(Read, stdin: Redirection.Move(read));
                Assert.Equal(FileDescriptorState.Closed, read.State);
                byte[] bytes = System.Text.Encoding.UTF8.GetBytes(Expected);
                Assert.Equal(bytes.Length, await write.WriteAsync(bytes));
            }
            finally
            {
                write.Close();
            }

            Assert.Equal(ProcessStatus.Exited(0), await exec);
        }));

    // Lwt: "can read from subproc stdout" and "can read from subproc stderr"
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Can_read_from_a_child_through_a_moved_descriptor(int which) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            Promise<ProcessStatus> exec = which == 1
                ? LwtProcess.Exec(Write, stdout: Redirection.Move(write))
                : LwtProcess.Exec(ErrWrite, stderr: Redirection.Move(write));
            await using InputChannel ic = InputChannel.FromDescriptor(read);
            Assert.Equal(Expected, await ic.ReadAll());
            Assert.Equal(ProcessStatus.Exited(0), await exec);
        }));

    [Fact]
    public void A_moved_non_blocking_pipe_end_is_blocking_in_the_child() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // More than a pipe holds: a non-blocking end would give the writer EAGAIN.
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            Promise<ProcessStatus> exec = LwtProcess.Exec(Command.Of("head", "-c", "1048576", "/dev/zero"), stdout: Redirection.Move(write));
            await using InputChannel ic = InputChannel.FromDescriptor(read);
            Assert.Equal(1 << 20, (await ic.ReadAllBytes()).Length);
            Assert.Equal(ProcessStatus.Exited(0), await exec);
        }));

    [Fact]
    public void Copy_leaves_the_descriptor_open_in_the_parent() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            try
            {
                Assert.Equal(ProcessStatus.Exited(0), await LwtProcess.Exec(Write, stdout: Redirection.Copy(write)));
                Assert.Equal(FileDescriptorState.Opened, write.State);
            }
            finally
            {
                write.Close();
            }
            await using InputChannel ic = InputChannel.FromDescriptor(read);
            Assert.Equal(Expected, await ic.ReadAll());
        }));

    [Fact]
    public void Exit_codes_and_signals_are_reported_as_wexited_and_wsignaled() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal(ProcessStatus.Exited(3), await LwtProcess.Exec(Command.Shell("exit 3")));
            Assert.Equal(ProcessStatus.Exited(255), await LwtProcess.Exec(Command.Shell("exit 255")));
            Assert.Equal(ProcessStatus.Signaled(15), await LwtProcess.Exec(Command.Shell("kill -TERM $$")));
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "30"));
            try
            {
                Assert.True(p.State.IsRunning);
            }
            finally
            {
                p.Kill(10);
            }

            Assert.Equal(ProcessStatus.Signaled(10), await p.Status);
            Assert.Equal(new ProcessState(ProcessStatus.Signaled(10)), p.State);
            p.Terminate(); // after the exit: does nothing
            Assert.Equal("WSIGNALED 10", (await p.Close()).ToString());
        }));

    [Fact]
    public void Resource_usage_reports_cpu_time() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Shell("i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"));
            ResourceUsage usage = await p.ResourceUsage;
            Assert.True(usage.UserTime + usage.SystemTime > TimeSpan.Zero);
            Assert.Equal(ProcessStatus.Exited(0), await p.Close());
        }));

    [Fact]
    public void A_program_that_does_not_exist_is_an_error_naming_it() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            int before = LoopThread.OpenDescriptors();
            UnixException e = await Rejection.Unix(LwtProcess.Exec(Command.Of("no-such-program-lwt")), 2, "posix_spawnp");
            Assert.Contains("no-such-program-lwt", e.Message, StringComparison.Ordinal);
            e = Assert.Throws<UnixException>(() => LwtProcess.OpenProcessFull(Command.Of("/no/such/program")));
            Assert.Equal("/no/such/program", e.Argument);
            await Rejection.Unix(LwtProcess.Pread(Command.Of("no-such-program-lwt")), 2, "posix_spawnp");
            Assert.Equal(before, LoopThread.OpenDescriptors());
        }));

    [Fact]
    public void A_script_without_a_shebang_line_runs_with_bin_sh() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            // Lwt spawns with execvp, which runs a file the kernel cannot execute (ENOEXEC) with /bin/sh.
            using var folder = new TempFolder();
            string script = Path.Combine(folder.Path, "hook");
            File.WriteAllText(script, "echo \"$0 $1 $2\"\nexit 3\n");
            await LwtUnix.Chmod(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            Assert.Equal(script + " a b", await LwtProcess.PreadLine(Command.Of(script, "a", "b")));
            Assert.Equal("./hook a b", await LwtProcess.PreadLine(Command.Of("./hook", "a", "b"), workingDirectory: folder.Path));
            Assert.Equal(ProcessStatus.Exited(3), await LwtProcess.Exec(Command.Of(script), stdout: Redirection.DevNull));
        }));

    // execvp looks a bare name up in the child, after its chdir: a relative PATH entry (or an
    // empty one, the current directory) names a folder of the child's working directory.
    [Fact]
    public void The_shell_fallback_looks_a_bare_name_up_in_the_childs_working_directory() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            using var folder = new TempFolder();
            Directory.CreateDirectory(Path.Combine(folder.Path, "bin"));
            string script = Path.Combine(folder.Path, "bin", "tool");
            string here = Path.Combine(folder.Path, "here");
            foreach (string file in new[] { script, here })
            {
                File.WriteAllText(file, "echo script\n");
                await LwtUnix.Chmod(file, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            }

            Command tool = Spawner.AsShellScript(Command.Of("tool", "a"), folder.Path, "/no/such/dir:bin");
            Assert.Equal("/bin/sh", tool.Executable);
            Assert.Equal(["/bin/sh", "bin/tool", "a"], tool.Arguments);
            Assert.Equal(["/bin/sh", "here"], Spawner.AsShellScript(Command.Of("here"), folder.Path, "/no/such/dir::/bin").Arguments);

            // Without a working directory the child's is this process's; an absolute entry is found as before.
            Assert.Equal(["/bin/sh", script], Spawner.AsShellScript(Command.Of("tool"), null, Path.Combine(folder.Path, "bin")).Arguments);
            Assert.Equal(["/bin/sh", "tool"], Spawner.AsShellScript(Command.Of("tool"), null, "bin").Arguments);
        }));

    [Fact]
    public void Closing_stdin_early_gives_the_child_end_of_file() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await using ProcessInOut p = LwtProcess.OpenProcess(Command.Shell("wc -c; echo after"));
            await p.Stdin.Close();
            Assert.Equal("0", (await p.Stdout.ReadLine()).Trim());
            Assert.Equal("after", await p.Stdout.ReadLine());
            Assert.Equal(ProcessStatus.Exited(0), await p.Close());
        }));

    [Fact]
    public void A_child_writing_fast_to_stdout_and_stderr_does_not_deadlock() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            const int Size = 1 << 20;
            ProcessFull p = LwtProcess.OpenProcessFull(Command.Shell(
                $"for i in 1 2 3 4; do head -c {Size / 4} /dev/zero; head -c {Size / 4} /dev/zero >&2; done"));
            Promise<byte[]> output = p.Stdout.ReadAllBytes();
            Promise<byte[]> errors = p.Stderr.ReadAllBytes();
            Assert.Equal(Size, (await output).Length);
            Assert.Equal(Size, (await errors).Length);
            Assert.Equal(ProcessStatus.Exited(0), await p.Close());
        }));

    [Fact]
    public void Timeout_kills_the_child_and_leaves_no_zombie() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("sleep", "30"), timeout: TimeSpan.FromMilliseconds(50));
            Assert.Equal(ProcessStatus.Signaled(9), await p.Status);
            Assert.False(File.Exists($"/proc/{p.Pid}/stat"));
            Assert.Equal(ProcessStatus.Signaled(9), await LwtProcess.Exec(Command.Of("sleep", "30"), timeout: TimeSpan.FromMilliseconds(50)));
        }));

    [Fact]
    public void Canceling_pread_kills_the_child() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Promise<string> read = LwtProcess.Pread(Command.Of("sleep", "30"));
            await Main.Yield();
            read.Cancel();
            await Rejection.Of<CanceledException>(read);
            (int pid, ProcessStatus status) = await LwtUnix.Wait();
            Assert.Equal(ProcessStatus.Signaled(9), status);
            Assert.False(File.Exists($"/proc/{pid}/stat"));
        }));

    // 64 KiB fill the pipe of a child that does not read; the last 2 KiB stay in the channel's
    // buffer, so the write is done and the close's final flush waits.
    [Fact]
    public void Canceling_pwrite_while_its_final_flush_waits_kills_the_child() =>
        LoopThread.Run(() => Main.Run(() => CancelOnceTheFinalFlushWaits(text => LwtProcess.Pwrite(Command.Of("sleep", "30"), text))));

    [Fact]
    public void Canceling_pmap_while_its_sender_flushes_kills_the_child() =>
        LoopThread.Run(() => Main.Run(() => CancelOnceTheFinalFlushWaits(text => LwtProcess.Pmap(Command.Of("sleep", "30"), text))));

    [Fact]
    public void Canceling_exec_kills_the_child() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Promise<ProcessStatus> exec = LwtProcess.Exec(Command.Of("sleep", "30"));
            exec.Cancel();
            await Rejection.Of<CanceledException>(exec);
            Assert.Equal(ProcessStatus.Signaled(9), (await LwtUnix.Wait()).Status);
        }));

    [Fact]
    public void Environment_is_inherited_replaced_or_extended() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Environment.SetEnvironmentVariable("LWT_PROCESS_TEST", "inherited");
            try
            {
                Command echo = Command.Shell("printf '%s|%s' \"$LWT_PROCESS_TEST\" \"$LWT_OTHER\"");
                Assert.Equal("inherited|", await LwtProcess.Pread(echo));
                Assert.Equal("|x", await LwtProcess.Pread(echo, environment: ProcessEnvironment.Replace("LWT_OTHER=x")));
                Assert.Equal("extended|y", await LwtProcess.Pread(echo, environment: ProcessEnvironment.Extend("LWT_PROCESS_TEST=extended", "LWT_OTHER=y")));
                Assert.Equal("", await LwtProcess.Pread(Command.Of("/usr/bin/env"), environment: ProcessEnvironment.Replace()));
            }
            finally
            {
                Environment.SetEnvironmentVariable("LWT_PROCESS_TEST", null);
            }
        }));

    [Fact]
    public void Working_directory_is_set_and_a_missing_one_is_named() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            using var folder = new TempFolder();
            Assert.Equal(folder.Path, (await LwtProcess.PreadLine(Command.Of("pwd"), workingDirectory: folder.Path)).TrimEnd());
            string missing = Path.Combine(folder.Path, "missing");
            UnixException e = await Rejection.Unix(LwtProcess.Exec(Command.Of("pwd"), workingDirectory: missing), 2, "chdir");
            Assert.Equal(missing, e.Argument);
        }));

    [Fact]
    public void Pread_variants_read_the_output() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal("1\n2\n3\n", await LwtProcess.Pread(Command.Of("seq", "1", "3")));
            Assert.Equal("1", await LwtProcess.PreadLine(Command.Of("seq", "1", "3")));
            Assert.Equal(["1", "2", "3"], await LwtProcess.PreadLines(Command.Of("seq", "1", "3")).ToList());
            Assert.Equal("ab"u8.ToArray(), await LwtProcess.PreadChars(Command.Shell("printf ab")).ToList());
            await Rejection.Of<EndOfStreamException>(LwtProcess.PreadLine(Command.Of("true")));
        }));

    [Fact]
    public void Pwrite_variants_feed_the_input() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            using var folder = new TempFolder();
            string file = Path.Combine(folder.Path, "out");
            Command save = Command.Shell("cat > out");
            await LwtProcess.Pwrite(save, "text", workingDirectory: folder.Path);
            await LwtUnix.Wait();
            Assert.Equal("text", File.ReadAllText(file));
            await LwtProcess.PwriteLine(save, "line", workingDirectory: folder.Path);
            await LwtUnix.Wait();
            Assert.Equal("line\n", File.ReadAllText(file));
            await LwtProcess.PwriteLines(save, Stream.OfList(["a", "b"]), workingDirectory: folder.Path);
            await LwtUnix.Wait();
            Assert.Equal("a\nb\n", File.ReadAllText(file));
            await LwtProcess.PwriteChars(save, Stream.OfList("xy"u8.ToArray()), workingDirectory: folder.Path);
            await LwtUnix.Wait();
            Assert.Equal("xy", File.ReadAllText(file));
        }));

    [Fact]
    public void Pmap_variants_filter_through_the_child() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal("HELLO\n", await LwtProcess.Pmap(Command.Of("tr", "a-z", "A-Z"), "hello\n"));
            Assert.Equal("HI", await LwtProcess.PmapLine(Command.Of("tr", "a-z", "A-Z"), "hi"));
            Assert.Equal(["7", "17"], await LwtProcess.PmapLines(Command.Of("grep", "7"), Stream.OfList(["1", "7", "8", "17"])).ToList());
            Assert.Equal("AB"u8.ToArray(), await LwtProcess.PmapChars(Command.Of("tr", "a-z", "A-Z"), Stream.OfList("ab"u8.ToArray())).ToList());

            // A large input is written while the output is read: no deadlock on full pipes.
            string big = new('x', 1 << 20);
            Assert.Equal(big.Length, (await LwtProcess.Pmap(Command.Of("cat"), big)).Length);
        }));

    [Fact]
    public void Pwrite_to_a_child_that_does_not_read_fails_with_epipe() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await Rejection.Unix(LwtProcess.Pwrite(Command.Of("true"), new string('x', 1 << 20)), 32, "write");
        }));

    // Lwt's close ignores the errors of its final flush: text that fits in the channel's buffer
    // reaches the pipe only then, so a child that reads nothing goes unnoticed.
    [Fact]
    public void Pwrite_of_text_that_fits_the_buffer_to_a_child_that_does_not_read_succeeds() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            await LwtProcess.Pwrite(Command.Shell("exec 0<&-; sleep 0.1"), "hi");
            Assert.Equal(ProcessStatus.Exited(0), (await LwtUnix.Wait()).Status);
        }));

    // Lwt: `FD_copy Unix.stdout` for stderr is dup2(1, 2) in the child once stdout is the pipe (2>&1).
    [Fact]
    public void Stderr_copied_from_the_childs_own_stdout_goes_into_the_pipe() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Command both = Command.Shell("echo out; echo err >&2");
            Assert.Equal("out\nerr\n", await LwtProcess.Pread(both, stderr: Redirection.CopyStandard(1)));
            await using ProcessIn p = LwtProcess.OpenProcessIn(both, stderr: Redirection.CopyStandard(1));
            Assert.Equal("out\nerr\n", await p.Stdout.ReadAll());
            Assert.Equal(ProcessStatus.Exited(0), await p.Close());
            Assert.Equal("CopyStandard(1)", Redirection.CopyStandard(1).ToString());
            Assert.Throws<ArgumentOutOfRangeException>("descriptor", () => Redirection.CopyStandard(3));
            Assert.Throws<ArgumentOutOfRangeException>("descriptor", () => Redirection.CopyStandard(-1));
        }));

    [Fact]
    public void With_process_closes_the_process_after_the_function() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessOut? seen = null;
            string result = await LwtProcess.WithProcessOut(Command.Of("cat"), async p =>
            {
                seen = p;
                await p.Stdin.Write("ignored");
                return "done";
            }, stdout: Redirection.DevNull);
            Assert.Equal("done", result);
            Assert.Equal(new ProcessState(ProcessStatus.Exited(0)), seen!.State);
            Assert.Equal(ChannelMode.Output, seen.Stdin.Mode);
            await Rejection.Of<ChannelClosedException>(seen.Stdin.Write("late"));
            Assert.Equal(ProcessStatus.Exited(0), await LwtProcess.WithProcessNone(Command.Of("true"), p => p.Status));
            Assert.Equal("x", await LwtProcess.WithProcess(Command.Of("cat"), async p =>
            {
                await p.Stdin.Write("x");
                await p.Stdin.Close();
                return await p.Stdout.ReadAll();
            }));
            Assert.Equal("e", await LwtProcess.WithProcessFull(Command.Shell("printf e >&2"), p => p.Stderr.ReadAll()));
            Assert.Equal("o", await LwtProcess.WithProcessIn(Command.Shell("printf o"), p => p.Stdout.ReadAll()));
            await Rejection.Unix(LwtProcess.WithProcessIn(Command.Of("no-such-program-lwt"), p => p.Stdout.ReadAll()), 2, "posix_spawnp");
        }));

    [Fact]
    public void Await_using_closes_the_process() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessIn process;
            await using (ProcessIn p = LwtProcess.OpenProcessIn(Command.Of("seq", "1", "2")))
            {
                process = p;
                Assert.Equal("1", await p.Stdout.ReadLine());
            }

            Assert.False(process.State.IsRunning);
        }));

    [Fact]
    public void Closing_twice_or_disposing_after_close_gives_the_status_again() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            ProcessFull p = LwtProcess.OpenProcessFull(Command.Shell("exit 4"));
            Assert.Equal(ProcessStatus.Exited(4), await p.Close());
            Assert.Equal(ProcessStatus.Exited(4), await p.Close());
            await p.DisposeAsync();
            p.Kill(15); // reaped: nothing to signal, no error
            await Rejection.Of<ChannelClosedException>(p.Stdout.ReadLine());
            Assert.Throws<InvalidOperationException>(() => ProcessStatus.Exited(4).Signal);
            Assert.Throws<InvalidOperationException>(() => ProcessStatus.Signaled(9).ExitCode);
        }));

    [Fact]
    public void Bad_arguments_throw_before_anything_starts() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentNullException>("command", () => LwtProcess.Exec(null!));
            Assert.Throws<ArgumentOutOfRangeException>("timeout", () => LwtProcess.Exec(Command.Of("true"), timeout: TimeSpan.FromSeconds(-1)));
            Assert.Throws<ArgumentException>("workingDirectory", () => LwtProcess.Pread(Command.Of("true"), workingDirectory: ""));
            Assert.Throws<ArgumentNullException>("f", () => LwtProcess.WithProcessIn<int>(Command.Of("true"), null!));
            Assert.Throws<ArgumentNullException>("text", () => LwtProcess.Pwrite(Command.Of("true"), null!));
            Assert.Throws<ArgumentException>("arguments", () => new Command("echo", ["a\0b"]));
            Assert.Throws<ArgumentException>("program", () => new Command("", []));
            Assert.Throws<ArgumentException>("entries", () => ProcessEnvironment.Replace("NOEQUALS"));
            Assert.Throws<ArgumentNullException>("descriptor", () => Redirection.Copy(null!));
            (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe();
            read.Close();
            write.Close();
            Assert.Throws<ArgumentException>("stdout", () => LwtProcess.Exec(Command.Of("true"), stdout: Redirection.Copy(write)));
            Main.Run(async () =>
            {
                ProcessNone p = LwtProcess.OpenProcessNone(Command.Of("true"));
                Assert.Throws<ArgumentOutOfRangeException>("signal", () => p.Kill(-1));
                await p.Close();
            });
        });

    [Fact]
    public void Command_shapes_follow_lwt() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal(["/bin/sh", "-c", "echo hi"], Command.Shell("echo hi").Arguments);
            Assert.Equal("argv0\n", await LwtProcess.Pread(new Command("/bin/sh", ["argv0", "-c", "echo $0"])));
            Assert.Equal("x\n", await LwtProcess.Pread(new Command("", ["echo", "x"])));
        }));

    private static ProcessStatus Run(Func<Promise<ProcessStatus>> f) => LoopThread.Run(() => Main.Run(f));

    /// <summary>Sends 66 KiB to a child that does not read, cancels once the write is over and the close flushes, and checks the child was killed.</summary>
    private static async Promise CancelOnceTheFinalFlushWaits(Func<string, Promise> send)
    {
        Promise sending = send(new string('x', 66 * 1024));
        await Time.Sleep(TimeSpan.FromMilliseconds(100));
        bool wasPending = sending.IsPending;

        // Canceled before any check: a failed one must not leave the child and its pipe behind.
        sending.Cancel();
        Assert.True(wasPending);
        await Rejection.Of<CanceledException>(sending);
        Assert.Equal(ProcessStatus.Signaled(9), (await LwtUnix.Wait()).Status);
    }
}
