using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using Xunit;

namespace Lwt.Tests;

public class SwitchTests
{
    private sealed class HookFailure : Exception
    {
    }

    // Lwt: test_lwt_switch.ml › "turn_off, add_hook"
    [Fact]
    public void TurnOff_runs_each_hook_once_and_a_second_TurnOff_does_nothing()
    {
        int calls1 = 0, calls2 = 0;
        var sw = new Switch();
        sw.AddHook(() => { calls1++; return Promise.Unit; });
        sw.AddHook(() => { calls2++; return Promise.Unit; });
        Assert.Equal((0, 0), (calls1, calls2));

        Assert.True(sw.TurnOff().IsFulfilled);
        Assert.Equal((1, 1), (calls1, calls2));

        Assert.True(sw.TurnOff().IsFulfilled);
        Assert.Equal((1, 1), (calls1, calls2));
        Assert.Throws<SwitchOffException>(() => sw.AddHook(() => Promise.Unit));
    }

    [Fact]
    public void Hooks_start_last_registered_first()
    {
        var order = new List<int>();
        var sw = new Switch();
        for (int i = 0; i < 3; i++)
        {
            int k = i;
            sw.AddHook(() => { order.Add(k); return Promise.Unit; });
        }

        sw.TurnOff();
        Assert.Equal(new[] { 2, 1, 0 }, order);
    }

    // Lwt: test_lwt_switch.ml › "turn_off: hook exception"
    [Fact]
    public void A_throwing_hook_rejects_TurnOff_instead_of_throwing()
    {
        var sw = new Switch();
        sw.AddHook(() => throw new HookFailure());
        Promise off = sw.TurnOff();
        Assert.IsType<HookFailure>(off.Exception);
        Assert.False(sw.IsOn);
    }

    // Lwt: test_lwt_switch.ml › "with_switch: regular exit"
    [Fact]
    public void With_turns_the_switch_off_after_a_normal_exit()
    {
        bool hookCalled = false;
        Promise<int> p = Switch.With(sw =>
        {
            sw.AddHook(() => { hookCalled = true; return Promise.Unit; });
            return Promise.Return(7);
        });
        Assert.Equal(7, p.Result);
        Assert.True(hookCalled);
    }

    // Lwt: test_lwt_switch.ml › "with_switch: exception"
    [Fact]
    public void With_turns_the_switch_off_when_the_function_throws()
    {
        bool hookCalled = false;
        Promise p = Switch.With(sw =>
        {
            sw.AddHook(() => { hookCalled = true; return Promise.Unit; });
            throw new HookFailure();
        });
        Assert.IsType<HookFailure>(p.Exception);
        Assert.True(hookCalled);
    }

    [Fact]
    public void With_waits_for_the_function_then_for_the_hooks()
    {
        var (work, finishWork) = Promise.Wait<int>();
        var (hook, finishHook) = Promise.Wait();
        Switch? seen = null;
        Promise<int> p = Switch.With(sw =>
        {
            seen = sw;
            sw.AddHook(() => hook);
            return work;
        });
        Assert.True(seen!.IsOn);
        finishWork.Resolve(3);
        Assert.False(seen.IsOn);
        Assert.True(p.IsPending);
        finishHook.Resolve();
        Assert.Equal(3, p.Result);
    }

    // Lwt: test_lwt_switch.ml › "check"
    [Fact]
    public void Check_throws_only_for_a_switch_that_is_off()
    {
        Switch.Check(null);
        var sw = new Switch();
        Switch.Check(sw);
        sw.TurnOff();
        Assert.Throws<SwitchOffException>(() => Switch.Check(sw));
    }

    // Lwt: test_lwt_switch.ml › "is_on"
    [Fact]
    public void IsOn_is_true_until_TurnOff()
    {
        var sw = new Switch();
        Assert.True(sw.IsOn);
        sw.TurnOff();
        Assert.False(sw.IsOn);
    }

    // Lwt: test_lwt_switch.ml › "add_hook_or_exec"
    [Fact]
    public void AddHookOrExec_registers_while_on_and_runs_at_once_when_off()
    {
        int calls = 0;
        Promise Hook()
        {
            calls++;
            return Promise.Unit;
        }

        Switch? none = null;
        Assert.Null(none?.AddHookOrExec(Hook));
        Assert.Equal(0, calls);

        var sw = new Switch();
        Assert.True(sw.AddHookOrExec(Hook).IsFulfilled);
        Assert.Equal(0, calls);

        sw.TurnOff();
        Assert.Equal(1, calls);

        Assert.True(sw.AddHookOrExec(Hook).IsFulfilled);
        Assert.Equal(2, calls);
    }

    [Fact]
    public void AddHookOrExec_on_an_off_switch_turns_a_throw_into_a_rejection()
    {
        var sw = new Switch();
        sw.TurnOff();
        Promise p = sw.AddHookOrExec(() => throw new HookFailure());
        Assert.IsType<HookFailure>(p.Exception);
    }

    // Lwt: test_lwt_switch.ml › "turn_off waits for hooks: regular exit"
    [Fact]
    public void TurnOff_waits_for_every_hook()
    {
        int finished = 0;
        Promise Hook() => Promise.Pause().Map(() => ++finished);

        var sw = new Switch();
        sw.AddHook(Hook);
        sw.AddHook(Hook);
        Promise off = sw.TurnOff();
        Assert.True(off.IsPending);
        Promise.WakeupPaused();
        Assert.True(off.IsFulfilled);
        Assert.Equal(2, finished);
    }

    // Lwt: test_lwt_switch.ml › "turn_off waits for hooks: hook exception"
    [Fact]
    public void TurnOff_with_a_failing_hook_still_waits_for_the_others()
    {
        int finished = 0;
        Promise Successful() => Promise.Pause().Map(() => ++finished);

        var sw = new Switch();
        sw.AddHook(Successful);
        sw.AddHook(() =>
        {
            finished++;
            throw new HookFailure();
        });
        sw.AddHook(Successful);
        Promise off = sw.TurnOff();
        Assert.True(off.IsPending);
        Assert.Equal(1, finished);
        Promise.WakeupPaused();
        Assert.IsType<HookFailure>(off.Exception);
        Assert.Equal(3, finished);
    }

    [Fact]
    public async Task Await_using_turns_the_switch_off_at_the_end_of_the_scope()
    {
        bool hookCalled = false;
        Switch kept;
        await using (var sw = new Switch())
        {
            kept = sw;
            sw.AddHook(() => { hookCalled = true; return Promise.Unit; });
        }

        Assert.True(hookCalled);
        Assert.False(kept.IsOn);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        var sw = new Switch();
        Assert.Throws<ArgumentNullException>(() => sw.AddHook(null!));
        Assert.Throws<ArgumentNullException>(() => sw.AddHookOrExec(null!));
        Assert.Throws<ArgumentNullException>(() => Switch.With((Func<Switch, Promise<int>>)null!));
        Assert.Throws<ArgumentNullException>(() => Switch.With((Func<Switch, Promise>)null!));
    }
}
