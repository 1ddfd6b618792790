using System;
using System.Collections.Generic;
using Xunit;

namespace Lwt.Tests;

public class ConcurrencyBadInputTests
{
    private static readonly List<Promise<int>> NoInputs = [];

    [Fact]
    public void Choose_Pick_NChoose_NPick_NChooseSplit_of_an_empty_span_throw_ArgumentException()
    {
        // Lwt: test_lwt.ml › "choose"/"pick"/"nchoose"/"npick"/"nchoose_split" › "empty"
        Assert.Equal("promises", Assert.Throws<ArgumentException>(() => Promise.Choose<int>()).ParamName);
        Assert.Equal("promises", Assert.Throws<ArgumentException>(() => Promise.Pick<int>()).ParamName);
        Assert.Equal("promises", Assert.Throws<ArgumentException>(() => Promise.NChoose<int>()).ParamName);
        Assert.Equal("promises", Assert.Throws<ArgumentException>(() => Promise.NPick<int>()).ParamName);
        Assert.Equal("promises", Assert.Throws<ArgumentException>(() => Promise.NChooseSplit<int>()).ParamName);
    }

    [Fact]
    public void Choose_Pick_NChoose_NPick_NChooseSplit_of_an_empty_sequence_throw_ArgumentException()
    {
        // Lwt: test_lwt.ml › "choose"/"pick"/"nchoose"/"npick"/"nchoose_split" › "empty" (list overloads)
        Assert.Throws<ArgumentException>(() => Promise.Choose(NoInputs));
        Assert.Throws<ArgumentException>(() => Promise.Pick(NoInputs));
        Assert.Throws<ArgumentException>(() => Promise.NChoose(NoInputs));
        Assert.Throws<ArgumentException>(() => Promise.NPick(NoInputs));
        Assert.Throws<ArgumentException>(() => Promise.NChooseSplit(NoInputs));
    }

    [Fact]
    public void Choose_and_Pick_without_a_value_of_nothing_throw_ArgumentException()
    {
        // Lwt: test_lwt.ml › "choose"/"pick" › "empty" (promises without a value)
        Assert.Throws<ArgumentException>(() => Promise.Choose(ReadOnlySpan<Promise>.Empty));
        Assert.Throws<ArgumentException>(() => Promise.Pick(ReadOnlySpan<Promise>.Empty));
    }

    [Fact]
    public void Choose_family_with_a_null_input_throws_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for choose/pick/nchoose/npick/nchoose_split
        var ok = Promise.Wait<int>().Promise;
        Assert.Throws<ArgumentNullException>(() => Promise.Choose(ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.Pick(ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.NChoose(ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.NPick(ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.NChooseSplit(ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.Choose((Promise)ok, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.Pick((Promise)ok, null!));
    }

    [Fact]
    public void Choose_family_with_a_null_input_in_a_sequence_throws_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for the list overloads
        var inputs = new List<Promise<int>> { Promise.Wait<int>().Promise, null! };
        Assert.Throws<ArgumentNullException>(() => Promise.Choose(inputs));
        Assert.Throws<ArgumentNullException>(() => Promise.Pick(inputs));
        Assert.Throws<ArgumentNullException>(() => Promise.NChoose(inputs));
        Assert.Throws<ArgumentNullException>(() => Promise.NPick(inputs));
        Assert.Throws<ArgumentNullException>(() => Promise.NChooseSplit(inputs));
    }

    [Fact]
    public void Choose_family_with_a_null_sequence_throws_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for the list overloads
        IEnumerable<Promise<int>> none = null!;
        Assert.Throws<ArgumentNullException>(() => Promise.Choose(none));
        Assert.Throws<ArgumentNullException>(() => Promise.Pick(none));
        Assert.Throws<ArgumentNullException>(() => Promise.NChoose(none));
        Assert.Throws<ArgumentNullException>(() => Promise.NPick(none));
        Assert.Throws<ArgumentNullException>(() => Promise.NChooseSplit(none));
    }

    [Fact]
    public void Join_and_All_with_a_null_input_or_sequence_throw_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for join/all
        Assert.Throws<ArgumentNullException>(() => Promise.Join(Promise.Unit, null!));
        Assert.Throws<ArgumentNullException>(() => Promise.Join(new List<Promise> { Promise.Unit, null! }));
        Assert.Throws<ArgumentNullException>(() => Promise.Join((IEnumerable<Promise>)null!));
        Assert.Throws<ArgumentNullException>(() => Promise.All(Promise.Return(1), null!));
        Assert.Throws<ArgumentNullException>(() => Promise.All(new List<Promise<int>> { null! }));
        Assert.Throws<ArgumentNullException>(() => Promise.All((IEnumerable<Promise<int>>)null!));
    }

    [Fact]
    public void Pick_with_a_null_input_throws_before_canceling_anything()
    {
        // Lwt: (no null in OCaml) bad input must not have side effects
        var (task, _) = Promise.Cancelable<int>();
        Assert.Throws<ArgumentNullException>(() => Promise.Pick(task, Promise.Return(1), null!));
        Assert.Throws<ArgumentNullException>(() => Promise.NPick(task, Promise.Return(1), null!));
        LwtAssert.Pending(task);
    }

    [Fact]
    public void Join_with_a_null_input_does_not_attach_to_the_other_inputs()
    {
        // Lwt: (no null in OCaml) bad input must not have side effects
        var (p, r) = Promise.Cancelable();
        Assert.Throws<ArgumentNullException>(() => Promise.Join(p, null!));
        r.Resolve();
        LwtAssert.Fulfilled(p);
    }

    [Fact]
    public void Async_and_DontWait_with_a_null_function_throw_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for async/dont_wait
        Assert.Throws<ArgumentNullException>(() => Promise.Async(null!));
        Assert.Throws<ArgumentNullException>(() => Promise.DontWait(null!, _ => { }));
        Assert.Throws<ArgumentNullException>(() => Promise.DontWait(() => Promise.Unit, null!));
    }

    [Fact]
    public void DontWait_with_a_null_handler_does_not_run_f()
    {
        // Lwt: (no null in OCaml) arguments are checked before f runs
        bool ran = false;
        Assert.Throws<ArgumentNullException>(() => Promise.DontWait(
            () =>
            {
                ran = true;
                return Promise.Unit;
            },
            null!));
        Assert.False(ran);
    }

    [Fact]
    public void OnCancel_with_a_null_function_throws_ArgumentNullException()
    {
        // Lwt: (no null in OCaml) bad input for on_cancel
        var (p, _) = Promise.Cancelable();
        Assert.Throws<ArgumentNullException>(() => p.OnCancel(null!));
        Assert.Throws<ArgumentNullException>(() => Promise.Fail(new CanceledException()).OnCancel(null!));
        p.Cancel();
        LwtAssert.Canceled(p);
    }

    [Fact]
    public void Async_with_f_returning_null_reports_a_clear_error()
    {
        // Lwt: (no null in OCaml) a function returning null instead of a promise
        using var hook = new HookScope();
        Promise.Async(() => null!);
        Assert.IsType<InvalidOperationException>(Assert.Single(hook.Seen));
    }
}
