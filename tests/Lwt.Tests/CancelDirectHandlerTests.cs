using System;
using Xunit;

namespace Lwt.Tests;

public class CancelDirectHandlerTests
{
    [Fact]
    public void Cancel_does_not_run_OnSuccess()
    {
        // Lwt: test_lwt.ml › "cancel with direct handler" › "on_success: pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        p.OnSuccess(() => ran = true);
        p.Cancel();
        Assert.False(ran);
    }

    [Fact]
    public void Cancel_runs_OnFailure_with_CanceledException()
    {
        // Lwt: test_lwt.ml › "cancel with direct handler" › "on_failure: pending, canceled"
        Exception? saw = null;
        var (p, _) = Promise.Cancelable();
        p.OnFailure(e => saw = e);
        p.Cancel();
        Assert.IsType<CanceledException>(saw);
    }

    [Fact]
    public void Cancel_runs_OnTermination()
    {
        // Lwt: test_lwt.ml › "cancel with direct handler" › "on_termination: pending, canceled"
        bool ran = false;
        var (p, _) = Promise.Cancelable();
        p.OnTermination(() => ran = true);
        p.Cancel();
        Assert.True(ran);
    }

    [Fact]
    public void Cancel_runs_the_failure_side_of_OnAny()
    {
        // Lwt: test_lwt.ml › "cancel with direct handler" › "on_any: pending, canceled"
        bool successRan = false;
        Exception? saw = null;
        var (p, _) = Promise.Cancelable<int>();
        p.OnAny(_ => successRan = true, e => saw = e);
        p.Cancel();
        Assert.False(successRan);
        Assert.IsType<CanceledException>(saw);
    }
}
