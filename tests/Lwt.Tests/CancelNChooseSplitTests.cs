using Xunit;

namespace Lwt.Tests;

public class CancelNChooseSplitTests
{
    [Fact]
    public void Cancel_NChooseSplit_of_wait_promises_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel nchoose_split" › "wait, pending, cancel"
        var (p1, _) = Promise.Wait<int>();
        var (p2, _) = Promise.Wait<int>();
        var p3 = Promise.NChooseSplit(p1, p2);
        p3.Cancel();
        LwtAssert.Pending(p1);
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_NChooseSplit_of_a_wait_and_a_task_cancels_the_task_and_rejects_the_result()
    {
        // Lwt: test_lwt.ml › "cancel nchoose_split" › "wait and task, pending, cancel"
        var (p1, _) = Promise.Wait<int>();
        var (p2, _) = Promise.Cancelable<int>();
        var p3 = Promise.NChooseSplit(p1, p2);
        p3.Cancel();
        LwtAssert.Pending(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_NChooseSplit_of_tasks_cancels_every_input()
    {
        // Lwt: LWT-SEMANTICS.md §2.1 (propagate cancel to several: every input, in order)
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, _) = Promise.Cancelable<int>();
        var (p3, _) = Promise.Cancelable<int>();
        var p = Promise.NChooseSplit(p1, p2, p3);
        p.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
        LwtAssert.Canceled(p);
    }
}
