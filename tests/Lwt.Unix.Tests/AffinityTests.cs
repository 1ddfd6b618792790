// AffinityTests.cs: Lwt_unix's get_cpu, get_affinity and set_affinity, on the test's own loop
// thread (pid 0 means the calling thread on Linux), whose affinity is restored afterwards.

using System;
using System.Linq;
using Lwt.Unix.Native;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

public class AffinityTests
{
    [Fact]
    public void The_current_cpu_is_one_the_thread_may_run_on() =>
        LoopThread.Run(() =>
        {
            int[] allowed = LwtUnix.GetAffinity();
            Assert.NotEmpty(allowed);
            Assert.Equal(allowed.Order(), allowed);
            Assert.Contains(LwtUnix.GetCpu(), allowed);
            Assert.NotEmpty(LwtUnix.GetAffinity(Environment.ProcessId));
        });

    [Fact]
    public void Set_affinity_pins_the_thread_and_is_restored() =>
        LoopThread.Run(() =>
        {
            int[] original = LwtUnix.GetAffinity();
            int pinned = original[^1];
            try
            {
                LwtUnix.SetAffinity([pinned, pinned]);
                Assert.Equal(new[] { pinned }, LwtUnix.GetAffinity());
                Assert.Equal(pinned, LwtUnix.GetCpu());
            }
            finally
            {
                LwtUnix.SetAffinity(original);
            }

            Assert.Equal(original, LwtUnix.GetAffinity());
        });

    [Fact]
    public void Affinity_of_a_missing_process_is_ESRCH() =>
        LoopThread.Run(() =>
        {
            // Above Linux's largest pid_max (2^22).
            const int missing = 0x3FFF_FFFF;
            var e = Assert.Throws<UnixException>(() => LwtUnix.GetAffinity(missing));
            Assert.Equal((Libc.ESRCH, "sched_getaffinity", "1073741823"), (e.Errno, e.Call, e.Argument));
            e = Assert.Throws<UnixException>(() => LwtUnix.SetAffinity([0], missing));
            Assert.Equal((Libc.ESRCH, "sched_setaffinity"), (e.Errno, e.Call));
        });

    [Fact]
    public void Bad_affinity_arguments_throw() =>
        LoopThread.Run(() =>
        {
            Assert.Throws<ArgumentOutOfRangeException>("pid", () => LwtUnix.GetAffinity(-1));
            Assert.Throws<ArgumentOutOfRangeException>("pid", () => LwtUnix.SetAffinity([0], -1));
            Assert.Throws<ArgumentNullException>("cpus", () => LwtUnix.SetAffinity(null!));
            Assert.Throws<ArgumentException>("cpus", () => LwtUnix.SetAffinity([]));
            Assert.Throws<ArgumentOutOfRangeException>("cpus", () => LwtUnix.SetAffinity([-1]));
            Assert.Throws<ArgumentOutOfRangeException>("cpus", () => LwtUnix.SetAffinity([1024]));
        });
}
