// DispatchTests.cs: how a descriptor's ready queue is run. Each waiting operation retries its
// call once per readiness report; one queued by a completed operation's callback during that
// report (the next read of a read loop) has just failed with EAGAIN and waits for the next one,
// rather than paying a second failing system call at once.

using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class DispatchTests
{
    [Fact]
    public void An_operation_queued_during_a_dispatch_is_tried_in_the_next_one() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            var first = new CountingWait(r);
            var second = new CountingWait(r);
            Main.Run(async () =>
            {
                Promise<int> p1 = r.Enqueue(first, writable: false);
                Promise<int> p2 = p1.Bind(_ => r.Enqueue(second, writable: false));
                await w.WriteAsync(new byte[] { 1 });
                await p2;
            });
            Assert.Equal(1, first.Attempts);
            Assert.Equal(1, second.Attempts);
            Assert.True(second.FirstPass > first.FirstPass, $"second tried in pass {second.FirstPass}, first in {first.FirstPass}");
            r.Close();
            w.Close();
        });

    /// <summary>Succeeds on its first attempt (without reading), and records which dispatch pass tried it.</summary>
    private sealed class CountingWait(FileDescriptor owner) : IoWait<int>(owner, "test")
    {
        public int Attempts { get; private set; }

        public int FirstPass { get; private set; } = -1;

        public override bool Attempt()
        {
            if (Attempts++ == 0)
            {
                FirstPass = Pass;
            }

            return Done(Attempts);
        }
    }
}
