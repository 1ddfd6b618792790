using System;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>Runs alone, so that no other test opens descriptors while these count them.</summary>
[CollectionDefinition(nameof(LeakTests), DisableParallelization = true)]
public sealed class LeakTestsCollection
{
}

[Collection(nameof(LeakTests))]
public class LeakTests
{
    [Fact]
    public void Loops_release_their_descriptors()
    {
        int before = LoopThread.OpenDescriptors();
        for (int i = 0; i < 20; i++)
        {
            LoopThread.Run(() => Main.Run(() => Time.Sleep(TimeSpan.Zero)));
        }

        Assert.InRange(LoopThread.OpenDescriptors(), 0, before);
    }


    [Fact]
    public void Canceled_sleeps_leave_no_timer_and_no_descriptor()
    {
        // Run alone, this test's first loop thread and first Assert.Equal load assemblies, each
        // one a descriptor the process keeps: load them before counting.
        LoopThread.Run(() => Assert.Equal(0, Main.Engine.TimerCount));
        int before = LoopThread.OpenDescriptors();
        LoopThread.Run(() =>
        {
            var sleeps = new Promise[100_000];
            for (int i = 0; i < sleeps.Length; i++)
            {
                sleeps[i] = Time.Sleep(TimeSpan.FromMinutes(1));
            }

            foreach (Promise s in sleeps)
            {
                s.Cancel();
            }

            Assert.Equal(0, Main.Engine.TimerCount);
        });
        Assert.Equal(before, LoopThread.OpenDescriptors());
    }
}
