// TerminalTests.cs: Lwt_unix's tcgetattr, tcsetattr, tcsendbreak, tcdrain, tcflush and tcflow on a
// real pseudo-terminal (posix_openpt, grantpt, unlockpt, ptsname), and ENOTTY on a pipe.

using System;
using System.Runtime.InteropServices;
using System.Text;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class TerminalTests
{
    [Fact]
    public void Attributes_set_with_tcsetattr_are_read_back() =>
        WithTerminal(async (_, slave) =>
        {
            TerminalAttributes a = await slave.TcgetattrAsync();
            Assert.True(a.Canonical);
            Assert.True(a.Echo);
            Assert.Equal(3, a.InterruptCharacter); // Ctrl-C
            a.Echo = false;
            a.Canonical = false;
            a.MinimumCharacters = 1;
            a.TimeoutTenths = 0;
            // A pseudo-terminal keeps one speed for both directions and ignores the character size.
            a.InputSpeed = 19200;
            a.OutputSpeed = 19200;
            a.InterruptCharacter = 7;
            await slave.TcsetattrAsync(TerminalSetMode.Now, a);
            TerminalAttributes b = await slave.TcgetattrAsync();
            Assert.Equal((false, false, 1, 0, 19200, 19200, 7), (b.Echo, b.Canonical, (int)b.MinimumCharacters, (int)b.TimeoutTenths, b.InputSpeed, b.OutputSpeed, (int)b.InterruptCharacter));
            b.Echo = true;
            await slave.TcsetattrAsync(TerminalSetMode.Drain, b);
            Assert.True((await slave.TcgetattrAsync()).Echo);
            b.Canonical = true;
            await slave.TcsetattrAsync(TerminalSetMode.Flush, b);
            Assert.True((await slave.TcgetattrAsync()).Canonical);
        });

    [Fact]
    public void Echo_and_canonical_mode_change_what_the_terminal_does() =>
        WithTerminal(async (master, slave) =>
        {
            // Echo on, canonical: the line is echoed back to the master, then read whole.
            await master.WriteAsync("a\n"u8.ToArray());
            Assert.Equal("a\r\n", await ReadText(master, 3));
            Assert.Equal("a\n", await ReadText(slave, 2));

            // Echo off, non-canonical: one byte is readable without a newline, and nothing is echoed.
            TerminalAttributes raw = await slave.TcgetattrAsync();
            raw.Echo = false;
            raw.Canonical = false;
            raw.MinimumCharacters = 1;
            raw.TimeoutTenths = 0;
            await slave.TcsetattrAsync(TerminalSetMode.Now, raw);
            await master.WriteAsync("b"u8.ToArray());
            Assert.Equal("b", await ReadText(slave, 1));
            await slave.WriteAsync("c"u8.ToArray());
            Assert.Equal("c", await ReadText(master, 1));
        });

    [Fact]
    public void Drain_flush_flow_and_break_succeed_on_a_terminal() =>
        WithTerminal(async (master, slave) =>
        {
            await slave.TcdrainAsync();
            await slave.TcflushAsync(TerminalFlushTarget.Both);

            // Flushing the input drops a line the slave has received and not read.
            await master.WriteAsync("dropped\n"u8.ToArray());
            await Time.WithTimeout(TimeSpan.FromSeconds(10), () => slave.WaitReadAsync().Map(() => true));
            Assert.True(slave.Readable());
            await slave.TcflushAsync(TerminalFlushTarget.Input);
            Assert.False(slave.Readable());
            await slave.TcflowAsync(TerminalFlowAction.SuspendOutput);
            await slave.TcflowAsync(TerminalFlowAction.RestartOutput);
            await slave.TcsendbreakAsync(0);
        });

    [Fact]
    public void Terminal_calls_on_a_pipe_reject_with_ENOTTY() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            var (r, w) = FileDescriptor.Pipe();
            using (r)
            using (w)
            {
                await Rejection.Unix(r.TcgetattrAsync(), Libc.ENOTTY, "tcgetattr");
                await Rejection.Unix(r.TcdrainAsync(), Libc.ENOTTY, "tcdrain");
                await Rejection.Unix(r.TcflushAsync(TerminalFlushTarget.Input), Libc.ENOTTY, "tcflush");
                await Rejection.Unix(r.TcflowAsync(TerminalFlowAction.RestartOutput), Libc.ENOTTY, "tcflow");
                await Rejection.Unix(r.TcsendbreakAsync(0), Libc.ENOTTY, "tcsendbreak");
            }
        }));

    [Fact]
    public void Bad_arguments_and_closed_descriptors_throw_at_once() =>
        WithTerminal(async (_, slave) =>
        {
            TerminalAttributes a = await slave.TcgetattrAsync();
            Assert.Throws<ArgumentNullException>("attributes", () => slave.TcsetattrAsync(TerminalSetMode.Now, null!));
            Assert.Throws<ArgumentOutOfRangeException>("when", () => slave.TcsetattrAsync((TerminalSetMode)9, a));
            Assert.Throws<ArgumentOutOfRangeException>("queue", () => slave.TcflushAsync((TerminalFlushTarget)9));
            Assert.Throws<ArgumentOutOfRangeException>("action", () => slave.TcflowAsync((TerminalFlowAction)9));
            Assert.Throws<ArgumentOutOfRangeException>("duration", () => slave.TcsendbreakAsync(-1));
            Assert.Throws<ArgumentOutOfRangeException>("baud", () => a.InputSpeed = 12345);
            Assert.Throws<ArgumentOutOfRangeException>("value", () => a.CharacterSize = 9);
            var (r, w) = FileDescriptor.Pipe();
            r.Close();
            w.Close();
            Assert.Equal(Libc.EBADF, Assert.Throws<UnixException>(() => r.TcgetattrAsync()).Errno);
            Assert.Equal(Libc.EBADF, Assert.Throws<UnixException>(() => r.TcsetattrAsync(TerminalSetMode.Now, a)).Errno);
        });

    [Fact]
    public void Changing_a_copy_leaves_the_original_alone() =>
        WithTerminal(async (_, slave) =>
        {
            TerminalAttributes a = await slave.TcgetattrAsync();
            TerminalAttributes b = a.Clone();
            b.Echo = !a.Echo;
            b.CharacterSize = 6;
            b.OutputSpeed = 115200;
            Assert.NotEqual(a.Echo, b.Echo);
            Assert.Equal((8, 6), (a.CharacterSize, b.CharacterSize));
            Assert.Equal(115200, b.OutputSpeed);
            Assert.NotEqual(115200, a.OutputSpeed);
        });

    private static async Promise<string> ReadText(FileDescriptor fd, int count)
    {
        byte[] buffer = new byte[count];
        int got = 0;
        while (got < count)
        {
            int n = await fd.ReadAsync(buffer.AsMemory(got));
            Assert.True(n > 0);
            got += n;
        }

        return Encoding.ASCII.GetString(buffer);
    }

    /// <summary>Opens a pseudo-terminal pair for the body, and closes both ends afterwards.</summary>
    private static void WithTerminal(Func<FileDescriptor, FileDescriptor, Promise> body) =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            const int O_RDWR = 2, O_NOCTTY = 0x100;
            int m = TestLibc.posix_openpt(O_RDWR | O_NOCTTY | Libc.O_CLOEXEC);
            Assert.True(m >= 0, "posix_openpt failed: errno " + Marshal.GetLastPInvokeError());
            using FileDescriptor master = FileDescriptor.FromRaw(m);
            Assert.Equal(0, TestLibc.grantpt(m));
            Assert.Equal(0, TestLibc.unlockpt(m));
            string path = PtsName(m);
            using FileDescriptor slave = await LwtUnix.OpenFile(path, OpenFlags.ReadWrite | OpenFlags.NoCtty);
            await body(master, slave);
        }));

    private static unsafe string PtsName(int master)
    {
        byte* name = stackalloc byte[128];
        Assert.Equal(0, TestLibc.ptsname_r(master, name, 128));
        return Marshal.PtrToStringUTF8((nint)name)!;
    }
}
