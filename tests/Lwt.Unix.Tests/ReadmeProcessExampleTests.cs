using System;
using Lwt.Process;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>The process example of README.md, kept compiling and true.</summary>
[Collection(nameof(LeakTests))]
public class ReadmeProcessExampleTests
{
    [Fact]
    public void The_process_example_counts_maps_and_times_out() =>
        Assert.Equal((271, "HELLO\n", ProcessStatus.Signaled(9)), LoopThread.Run(() => Main.Run(ProcessExample)));

    // As in README.md.
    private static async Promise<(int Count, string Upper, ProcessStatus Status)> ProcessExample()
    {
        int count = 0;
        await LwtProcess.PreadLines(Command.Shell("seq 1 1000 | grep 7")).Iter(_ => count++);
        string upper = await LwtProcess.Pmap(Command.Of("tr", "a-z", "A-Z"), "hello\n");
        ProcessStatus status = await LwtProcess.Exec(Command.Of("sleep", "10"), timeout: TimeSpan.FromMilliseconds(100));
        return (count, upper, status); // (271, "HELLO\n", WSIGNALED 9): the timeout killed sleep
    }
}
