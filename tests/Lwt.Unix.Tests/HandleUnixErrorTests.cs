// HandleUnixErrorTests.cs: Lwt_unix.handle_unix_error. The exit and the error output are replaced
// for the test's own thread, so the test process is not ended.

using System;
using System.IO;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class HandleUnixErrorTests
{
    [Fact]
    public void A_rejected_UnixException_is_printed_and_exits_with_code_2() =>
        LoopThread.Run(() =>
        {
            var (output, exits) = Hooks();
            Main.Run(async () =>
            {
                Promise<int> p = LwtUnix.HandleUnixError(() => Promise.Fail<int>(new UnixException(Libc.ENOENT, "open", "/missing")));
                await Rejection.Of<UnixException>(p);
            });
            Assert.Equal(new[] { 2 }, exits);
            Assert.Matches("^.+: \"open\" failed on \"/missing\": No such file or directory\r?\n$", output.ToString());
        });

    // OCaml's exit runs the at_exit functions, among them Lwt_main's, which runs the exit hooks
    // (Lwt_io's flush_all): handle_unix_error's exit 2 flushes the channels.
    [Fact]
    public void The_exit_of_handle_unix_error_runs_the_exit_hooks_first() =>
        LoopThread.Run(() =>
        {
            var (output, exits) = Hooks();
            var log = new System.Collections.Generic.List<string>();
            LwtUnix.HandleUnixErrorExitOverride = code => log.Add("exit " + code);
            Main.AtExit(() =>
            {
                log.Add("hook");
                return Promise.Unit;
            });
            Main.Run(async () =>
            {
                Promise p = LwtUnix.HandleUnixError(() => Promise.Fail(new UnixException(Libc.EPERM, "chroot", "")));
                await Rejection.Of<UnixException>(p);
            });
            Assert.Equal(["hook", "exit 2"], log);
        });

    [Fact]
    public void A_thrown_UnixException_without_argument_is_printed_without_on() =>
        LoopThread.Run(() =>
        {
            var (output, exits) = Hooks();
            Main.Run(async () =>
            {
                Promise p = LwtUnix.HandleUnixError(() => throw new UnixException(Libc.EPERM, "chroot", ""));
                await Rejection.Of<UnixException>(p);
            });
            Assert.Equal(new[] { 2 }, exits);
            Assert.Matches("^.+: \"chroot\" failed: Operation not permitted\r?\n$", output.ToString());
        });

    [Fact]
    public void Values_and_other_exceptions_pass_through() =>
        LoopThread.Run(() =>
        {
            var (output, exits) = Hooks();
            Main.Run(async () =>
            {
                Assert.Equal(42, await LwtUnix.HandleUnixError(() => Promise.Return(42)));
                await LwtUnix.HandleUnixError(() => Promise.Unit);
                await Rejection.Of<InvalidOperationException>(LwtUnix.HandleUnixError(() => Promise.Fail<int>(new InvalidOperationException())));
                await Rejection.Of<InvalidOperationException>(LwtUnix.HandleUnixError(() => Promise.Fail(new InvalidOperationException())));
            });
            Assert.Empty(exits);
            Assert.Equal("", output.ToString());
        });

    [Fact]
    public void A_pending_promise_is_handled_when_it_is_rejected() =>
        LoopThread.Run(() =>
        {
            var (output, exits) = Hooks();
            Main.Run(async () =>
            {
                var (p, r) = Promise.Wait<int>();
                Promise<int> handled = LwtUnix.HandleUnixError(() => p);
                Assert.Empty(exits);
                r.Reject(new UnixException(Libc.EBADF, "read", "7"));
                await Rejection.Of<UnixException>(handled);
            });
            Assert.Equal(new[] { 2 }, exits);
            Assert.Contains("\"read\" failed on \"7\"", output.ToString(), StringComparison.Ordinal);
        });

    [Fact]
    public void Null_function_throws() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentNullException>("f", () => LwtUnix.HandleUnixError((Func<Promise<int>>)null!));
            Assert.Throws<ArgumentNullException>("f", () => LwtUnix.HandleUnixError((Func<Promise>)null!));
        });

    private static (StringWriter Output, System.Collections.Generic.List<int> Exits) Hooks()
    {
        var output = new StringWriter();
        var exits = new System.Collections.Generic.List<int>();
        LwtUnix.HandleUnixErrorOutputOverride = output;
        LwtUnix.HandleUnixErrorExitOverride = exits.Add;
        return (output, exits);
    }
}
