// StdioDescriptorTests.cs: Lwt_unix's stdin, stdout and stderr: blocking mode with the flags left
// alone, one set per thread, and closing one never closes the process's own descriptor.

using System;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class StdioDescriptorTests
{
    [Fact]
    public void Standard_descriptors_are_blocking_duplicates_and_leave_the_flags_alone() =>
        LoopThread.Run(() =>
        {
            int flagsBefore = Libc.fcntl(1, Libc.F_GETFL, 0);
            foreach (FileDescriptor fd in new[] { FileDescriptor.Stdin, FileDescriptor.Stdout, FileDescriptor.Stderr })
            {
                Assert.True(fd.Fd > 2);
                Assert.True(fd.IsBlocking);
                Assert.Equal(FileDescriptorState.Opened, fd.State);
            }

            Assert.Equal(flagsBefore, Libc.fcntl(1, Libc.F_GETFL, 0));
            Assert.Same(FileDescriptor.Stdout, FileDescriptor.Stdout);
            FileDescriptor.Stdin.Close();
            FileDescriptor.Stdout.Close();
            FileDescriptor.Stderr.Close();
        });

    [Fact]
    public void Each_thread_has_its_own_standard_descriptors()
    {
        FileDescriptor? first = null;
        int firstFd = -1;
        LoopThread.Run(() =>
        {
            first = FileDescriptor.Stderr;
            firstFd = first.Fd;
            first.Close();
        });
        LoopThread.Run(() =>
        {
            Assert.NotSame(first, FileDescriptor.Stderr);
            Assert.Equal(FileDescriptorState.Opened, FileDescriptor.Stderr.State);
            FileDescriptor.Stderr.Close();
        });
        Assert.True(firstFd > 2);
    }

    [Fact]
    public void Closing_stdout_closes_the_duplicate_only() =>
        LoopThread.Run(() =>
        {
            FileDescriptor stdout = FileDescriptor.Stdout;
            int copy = stdout.Fd;
            stdout.Close();
            Assert.Equal(FileDescriptorState.Closed, stdout.State);
            Assert.True(Libc.fcntl(1, Libc.F_GETFL, 0) >= 0);
            Console.Out.Flush();
            Assert.Same(stdout, FileDescriptor.Stdout);
            Assert.Throws<UnixException>(() => stdout.WriteAsync(new byte[1]));
            Assert.NotEqual(1, copy);
        });

    [Fact]
    public void Writing_to_stdout_writes_to_descriptor_1() =>
        LoopThread.Run(() => Main.Run(async () =>
        {
            Assert.Equal(0, await FileDescriptor.Stdout.WriteAsync(ReadOnlyMemory<byte>.Empty));
            FileDescriptor.Stdout.Close();
        }));
}
