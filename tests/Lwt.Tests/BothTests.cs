using System;
using Xunit;

namespace Lwt.Tests;

public class BothTests
{
    private static readonly TestException Ex = new("Exception");
    private static readonly TestException Exit = new("Exit");

    private static Promise<int> Never() => Promise.Wait<int>().Promise;

    [Fact]
    public void Both_of_fulfilled_promises_is_the_pair()
    {
        // Lwt: test_lwt.ml › "both" › "both fulfilled"
        LwtAssert.Fulfilled((1, 2), Promise.Both(Promise.Return(1), Promise.Return(2)));
    }

    [Fact]
    public void Both_of_rejected_promises_is_rejected_with_the_first()
    {
        // Lwt: test_lwt.ml › "both" › "both rejected"
        LwtAssert.Rejected(Ex, Promise.Both(Promise.Fail<int>(Ex), Promise.Fail<int>(Exit)));
    }

    [Fact]
    public void Both_of_rejected_then_fulfilled_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "rejected, fulfilled"
        LwtAssert.Rejected(Ex, Promise.Both(Promise.Fail<int>(Ex), Promise.Return(2)));
    }

    [Fact]
    public void Both_of_fulfilled_then_rejected_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "fulfilled, rejected"
        LwtAssert.Rejected(Ex, Promise.Both(Promise.Return(1), Promise.Fail<int>(Ex)));
    }

    [Fact]
    public void Both_of_two_pending_promises_is_pending()
    {
        // Lwt: test_lwt.ml › "both" › "both pending"
        LwtAssert.Pending(Promise.Both(Never(), Never()));
    }

    [Fact]
    public void Both_of_pending_and_fulfilled_is_pending()
    {
        // Lwt: test_lwt.ml › "both" › "pending, fulfilled"
        LwtAssert.Pending(Promise.Both(Never(), Promise.Return(2)));
    }

    [Fact]
    public void Both_of_pending_and_rejected_waits_for_the_pending_one()
    {
        // Lwt: test_lwt.ml › "both" › "pending, rejected"
        LwtAssert.Pending(Promise.Both(Never(), Promise.Fail<int>(Ex)));
    }

    [Fact]
    public void Both_of_fulfilled_and_pending_is_pending()
    {
        // Lwt: test_lwt.ml › "both" › "fulfilled, pending"
        LwtAssert.Pending(Promise.Both(Promise.Return(1), Never()));
    }

    [Fact]
    public void Both_of_rejected_and_pending_waits_for_the_pending_one()
    {
        // Lwt: test_lwt.ml › "both" › "rejected, pending"
        LwtAssert.Pending(Promise.Both(Promise.Fail<int>(Ex), Never()));
    }

    [Fact]
    public void Both_of_pending_and_fulfilled_is_the_pair_once_the_first_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, fulfilled, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Promise.Return(2));
        r1.ResolveLater(1);
        LwtAssert.Fulfilled((1, 2), p);
    }

    [Fact]
    public void Both_of_pending_and_rejected_is_rejected_once_the_first_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, rejected, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Promise.Fail<int>(Ex));
        r1.ResolveLater(1);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_pending_and_fulfilled_is_rejected_once_the_first_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "pending, fulfilled, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Promise.Return(2));
        r1.RejectLater(Ex);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_pending_and_rejected_keeps_the_already_rejected_exception()
    {
        // Lwt: test_lwt.ml › "both" › "pending, rejected, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Promise.Fail<int>(Ex));
        r1.RejectLater(Exit);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_fulfilled_and_pending_is_the_pair_once_the_second_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "fulfilled, pending, then fulfilled"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Promise.Return(1), p2);
        r2.ResolveLater(2);
        LwtAssert.Fulfilled((1, 2), p);
    }

    [Fact]
    public void Both_of_rejected_and_pending_is_rejected_once_the_second_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "rejected, pending, then fulfilled"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Promise.Fail<int>(Ex), p2);
        r2.ResolveLater(2);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_fulfilled_and_pending_is_rejected_once_the_second_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "fulfilled, pending, then rejected"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Promise.Return(1), p2);
        r2.RejectLater(Ex);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_rejected_and_pending_keeps_the_already_rejected_exception()
    {
        // Lwt: test_lwt.ml › "both" › "rejected, pending, then rejected"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Promise.Fail<int>(Ex), p2);
        r2.RejectLater(Exit);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_stays_pending_when_only_the_first_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Never());
        r1.ResolveLater(1);
        LwtAssert.Pending(p);
    }

    [Fact]
    public void Both_stays_pending_when_only_the_first_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first rejected"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, Never());
        r1.RejectLater(Ex);
        LwtAssert.Pending(p);
    }

    [Fact]
    public void Both_stays_pending_when_only_the_second_is_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second fulfilled"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Never(), p2);
        r2.ResolveLater(2);
        LwtAssert.Pending(p);
    }

    [Fact]
    public void Both_stays_pending_when_only_the_second_is_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second rejected"
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(Never(), p2);
        r2.RejectLater(Ex);
        LwtAssert.Pending(p);
    }

    [Fact]
    public void Both_is_the_pair_when_the_first_then_the_second_are_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first fulfilled, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r1.ResolveLater(1);
        r2.ResolveLater(2);
        LwtAssert.Fulfilled((1, 2), p);
    }

    [Fact]
    public void Both_is_rejected_when_the_first_is_fulfilled_then_the_second_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first fulfilled, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r1.ResolveLater(1);
        r2.RejectLater(Ex);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_is_rejected_when_the_first_is_rejected_then_the_second_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first rejected, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r1.RejectLater(Ex);
        LwtAssert.Pending(p);
        r2.ResolveLater(2);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_keeps_the_first_rejection_in_time_when_the_first_is_rejected_first()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then first rejected, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r1.RejectLater(Ex);
        r2.RejectLater(Exit);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_is_the_pair_when_the_second_then_the_first_are_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second fulfilled, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r2.ResolveLater(2);
        r1.ResolveLater(1);
        LwtAssert.Fulfilled((1, 2), p);
    }

    [Fact]
    public void Both_is_rejected_when_the_second_is_fulfilled_then_the_first_rejected()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second fulfilled, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r2.ResolveLater(2);
        r1.RejectLater(Ex);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_is_rejected_when_the_second_is_rejected_then_the_first_fulfilled()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second rejected, then fulfilled"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r2.RejectLater(Ex);
        r1.ResolveLater(1);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_keeps_the_first_rejection_in_time_when_the_second_is_rejected_first()
    {
        // Lwt: test_lwt.ml › "both" › "pending, then second rejected, then rejected"
        var (p1, r1) = Promise.Wait<int>();
        var (p2, r2) = Promise.Wait<int>();
        var p = Promise.Both(p1, p2);
        r2.RejectLater(Ex);
        r1.RejectLater(Exit);
        LwtAssert.Rejected(Ex, p);
    }

    [Fact]
    public void Both_of_the_same_promise_twice_is_the_pair_of_its_value()
    {
        // Lwt: test_lwt.ml › "both" › "diamond"
        var (p1, r1) = Promise.Wait<int>();
        var p = Promise.Both(p1, p1);
        LwtAssert.Pending(p);
        r1.ResolveLater(1);
        LwtAssert.Fulfilled((1, 1), p);
    }

    [Fact]
    public void Both_pairs_values_of_different_types()
    {
        // Lwt: test_lwt.ml › "let syntax" › "and*" (both of two types)
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<double>();
        var p = Promise.Both(p1, p2);
        r2.Resolve(2.5);
        r1.Resolve("x");
        LwtAssert.Fulfilled(("x", 2.5), p);
    }

    [Fact]
    public void Both_rejects_null_inputs()
    {
        // Lwt: (no null in OCaml) bad input for Both
        Assert.Throws<ArgumentNullException>(() => Promise.Both<int, int>(null!, Promise.Return(1)));
        Assert.Throws<ArgumentNullException>(() => Promise.Both<int, int>(Promise.Return(1), null!));
    }
}
