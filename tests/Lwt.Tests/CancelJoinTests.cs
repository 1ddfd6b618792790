using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class CancelJoinTests
{
    [Fact]
    public void Cancel_join_of_wait_promises_does_nothing()
    {
        // Lwt: test_lwt.ml › "cancel join" › "wait, pending, cancel"
        var (p1, _) = Promise.Wait();
        var (p2, _) = Promise.Wait();
        var p3 = Promise.Join(p1, p2);
        p3.Cancel();
        LwtAssert.Pending(p1);
        LwtAssert.Pending(p2);
        LwtAssert.Pending(p3);
    }

    [Fact]
    public void Cancel_join_of_tasks_cancels_every_input()
    {
        // Lwt: test_lwt.ml › "cancel join" › "task, pending, cancel"
        var (p1, _) = Promise.Cancelable();
        var (p2, _) = Promise.Cancelable();
        var p3 = Promise.Join(p1, p2);
        p3.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_join_of_a_wait_and_a_task_waits_for_the_wait_promise()
    {
        // Lwt: test_lwt.ml › "cancel join" › "wait and task, pending, cancel"
        var (p1, r) = Promise.Wait();
        var (p2, _) = Promise.Cancelable();
        var p3 = Promise.Join(p1, p2);
        p3.Cancel();
        LwtAssert.Pending(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Pending(p3);
        r.Resolve();
        LwtAssert.Fulfilled(p1);
        LwtAssert.Canceled(p3);
    }

    [Fact]
    public void Cancel_join_reaches_an_input_listed_twice_only_once()
    {
        // Lwt: test_lwt.ml › "cancel join" › "cancel diamond"
        int runs = 0;
        var (p, _) = Promise.Cancelable();
        var j = Promise.Join(p, p);
        p.OnCancel(() => runs++);
        j.Cancel();
        Assert.Equal(1, runs);
        LwtAssert.Canceled(j);
    }

    [Fact]
    public void Cancel_join_runs_the_callbacks_of_later_inputs_first()
    {
        // Lwt: LWT-SEMANTICS.md §2.2 (callbacks run in reverse discovery order)
        var log = new List<string>();
        var (a, _) = Promise.Cancelable();
        var (b, _) = Promise.Cancelable();
        a.OnFailure(_ => log.Add("a"));
        b.OnFailure(_ => log.Add("b"));
        Promise.Join(a, b).Cancel();
        Assert.Equal(["b", "a"], log);
    }

    [Fact]
    public void Cancel_all_cancels_every_input()
    {
        // Lwt: test_lwt.ml › "cancel join" › "task, pending, cancel" (all)
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, _) = Promise.Cancelable<int>();
        var a = Promise.All(p1, p2);
        a.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(a);
    }

    [Fact]
    public void Cancel_both_cancels_both_inputs()
    {
        // Lwt: test_lwt.ml › "cancel join" › "task, pending, cancel" (both)
        var (p1, _) = Promise.Cancelable<int>();
        var (p2, _) = Promise.Cancelable<string>();
        var b = Promise.Both(p1, p2);
        b.Cancel();
        LwtAssert.Canceled(p1);
        LwtAssert.Canceled(p2);
        LwtAssert.Canceled(b);
    }
}
