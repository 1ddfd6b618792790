using Xunit;

namespace Lwt.Tests;

public class CancelMapTests
{
    [Fact]
    public void Cancel_map_on_a_wait_promise_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel map" › "wait, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Wait();
        var q = p.Map(() => ran = true);
        q.Cancel();
        Assert.False(ran);
        LwtAssert.Pending(p);
        LwtAssert.Pending(q);
    }

    [Fact]
    public void Cancel_map_on_a_task_cancels_the_task_and_skips_f()
    {
        // Lwt: test_lwt.ml › "cancel map" › "task, pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        var q = p.Map(() => ran = true);
        q.Cancel();
        Assert.False(ran);
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }

    [Fact]
    public void Cancel_map_of_a_value_reaches_the_task_through_several_maps()
    {
        // Lwt: test_lwt.ml › "cancel map" › "task, pending, canceled" (chain of maps)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Map(x => x + 1).Map(x => x.ToString(System.Globalization.CultureInfo.InvariantCulture));
        q.Cancel();
        LwtAssert.Canceled(p);
        LwtAssert.Canceled(q);
    }
}
