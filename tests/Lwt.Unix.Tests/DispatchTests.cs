// DispatchTests.cs: how a descriptor's ready queue is run. Each waiting operation retries its
// call once per readiness report; one queued by a completed operation's callback during that
// report (the next read of a read loop) has just failed with EAGAIN and waits for the next one,
// rather than paying a second failing system call at once. The queue keeps first-queued-first
// order whatever is canceled in the middle and however it grows.

using System.Collections.Generic;
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
            try
            {
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
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    [Fact]
    public void Waiting_operations_complete_first_queued_first_across_a_cancel_and_the_queue_growing() =>
        LoopThread.Run(() =>
        {
            (FileDescriptor r, FileDescriptor w) = FileDescriptor.Pipe();
            try
            {
                var completed = new List<int>();
                var waits = new GatedWait[5];
                for (int i = 0; i < waits.Length; i++)
                {
                    waits[i] = new GatedWait(r, i, completed);
                }

                // The first completes while the second stays, so the queue's head has moved on when
                // three more arrive and the queue grows.
                Promise<int> p0 = r.Enqueue(waits[0], writable: false);
                Promise<int> p1 = r.Enqueue(waits[1], writable: false);
                waits[0].Open = true;
                Main.Run(w.WriteAsync(new byte[] { 1 }).Bind(_ => p0));
                Promise<int> p2 = r.Enqueue(waits[2], writable: false);
                Promise<int> p3 = r.Enqueue(waits[3], writable: false);
                Promise<int> p4 = r.Enqueue(waits[4], writable: false);
                Assert.Equal(4, r.WaitingReaders);

                p3.Cancel();
                Assert.IsType<CanceledException>(p3.Exception);
                Assert.Equal(3, r.WaitingReaders);

                foreach (GatedWait wait in waits)
                {
                    wait.Open = true;
                }

                Main.Run(Promise.Join(p1, p2, p4));
                Assert.Equal([0, 1, 2, 4], completed);
                Assert.Equal(0, r.WaitingReaders);
                Assert.Equal(0, waits[3].Attempts);
            }
            finally
            {
                r.Close();
                w.Close();
            }
        });

    /// <summary>Would block until opened; then succeeds (without reading) and records its number.</summary>
    private sealed class GatedWait(FileDescriptor owner, int number, List<int> completed) : IoWait<int>(owner, "test")
    {
        public bool Open { get; set; }

        public int Attempts { get; private set; }

        public override bool Attempt()
        {
            Attempts++;
            if (!Open)
            {
                return false;
            }

            completed.Add(number);
            return Done(number);
        }
    }

    /// <summary>Succeeds on its first attempt (without reading), and records which dispatch pass tried it.</summary>
    private sealed class CountingWait(FileDescriptor owner) : IoWait<int>(owner, "test")
    {
        public int Attempts { get; private set; }

        public int FirstPass { get; private set; } = -1;

        public override bool Attempt()
        {
            if (Attempts++ == 0)
            {
                FirstPass = Owner.DispatchPass;
            }

            return Done(Attempts);
        }
    }
}
