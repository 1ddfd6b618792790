using System;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Apply and Wrap (Lwt's apply, wrap, wrap1..wrap7) (test_lwt.ml › "apply and wrap").</summary>
public class ApplyAndWrapTests
{
    [Fact]
    public void Apply_returns_what_the_function_returns()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "apply"
        var p = Promise.Apply(s => Promise.Return(s + "bar"), "foo");
        Assert.Equal("foobar", p.Result);
    }

    [Fact]
    public void Apply_returns_the_same_promise_object_the_function_returns()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "apply" (no wrapping of a returned promise)
        var (inner, _) = Promise.Wait<int>();
        Assert.Same(inner, Promise.Apply(_ => inner, 0));
    }

    [Fact]
    public void Apply_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "apply: raises"
        var e = new TestException();
        var p = Promise.Apply(_ => Raise<int>(e), 0);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Wrap_returns_a_promise_of_the_function_value()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap"
        Assert.Equal("foo", Promise.Wrap(() => "foo").Result);
    }

    [Fact]
    public void Wrap_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int>(() => throw e).Exception);
    }

    [Fact]
    public void Wrap_of_an_action_returns_a_fulfilled_promise_or_a_rejected_one()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap" / "wrap: raises" (unit function)
        bool ran = false;
        Assert.True(Promise.Wrap(() => { ran = true; }).IsFulfilled);
        Assert.True(ran);
        var e = new TestException();
        Assert.Same(e, Promise.Wrap(() => throw e).Exception);
    }

    [Fact]
    public void Wrap1_passes_its_argument()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap1"
        Assert.Equal(1, Promise.Wrap(x1 => x1, 1).Result);
    }

    [Fact]
    public void Wrap1_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap1: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int>(_ => throw e, 0).Exception);
    }

    [Fact]
    public void Wrap2_passes_its_arguments()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap2"
        Assert.Equal(3, Promise.Wrap((x1, x2) => x1 + x2, 1, 2).Result);
    }

    [Fact]
    public void Wrap2_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap2: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int>((_, _) => throw e, 0, 0).Exception);
    }

    [Fact]
    public void Wrap3_passes_its_arguments_in_order()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap3"
        Assert.Equal(6, Promise.Wrap((x1, x2, x3) => x1 + x2 + x3, 1, 2, 3).Result);
        Assert.Equal("abc", Promise.Wrap((x1, x2, x3) => x1 + x2 + x3, "a", "b", "c").Result);
    }

    [Fact]
    public void Wrap3_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap3: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int, int>((_, _, _) => throw e, 0, 0, 0).Exception);
    }

    [Fact]
    public void Wrap4_passes_its_arguments_in_order()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap4"
        Assert.Equal(10, Promise.Wrap((x1, x2, x3, x4) => x1 + x2 + x3 + x4, 1, 2, 3, 4).Result);
        Assert.Equal("abcd", Promise.Wrap((x1, x2, x3, x4) => x1 + x2 + x3 + x4, "a", "b", "c", "d").Result);
    }

    [Fact]
    public void Wrap4_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap4: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int, int, int>((_, _, _, _) => throw e, 0, 0, 0, 0).Exception);
    }

    [Fact]
    public void Wrap5_passes_its_arguments_in_order()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap5"
        Assert.Equal(15, Promise.Wrap((x1, x2, x3, x4, x5) => x1 + x2 + x3 + x4 + x5, 1, 2, 3, 4, 5).Result);
        Assert.Equal("abcde", Promise.Wrap((x1, x2, x3, x4, x5) => x1 + x2 + x3 + x4 + x5, "a", "b", "c", "d", "e").Result);
    }

    [Fact]
    public void Wrap5_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap5: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int, int, int, int>((_, _, _, _, _) => throw e, 0, 0, 0, 0, 0).Exception);
    }

    [Fact]
    public void Wrap6_passes_its_arguments_in_order()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap6"
        Assert.Equal(21, Promise.Wrap((x1, x2, x3, x4, x5, x6) => x1 + x2 + x3 + x4 + x5 + x6, 1, 2, 3, 4, 5, 6).Result);
        Assert.Equal("abcdef", Promise.Wrap((x1, x2, x3, x4, x5, x6) => x1 + x2 + x3 + x4 + x5 + x6, "a", "b", "c", "d", "e", "f").Result);
    }

    [Fact]
    public void Wrap6_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap6: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int, int, int, int, int>((_, _, _, _, _, _) => throw e, 0, 0, 0, 0, 0, 0).Exception);
    }

    [Fact]
    public void Wrap7_passes_its_arguments_in_order()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap7"
        Assert.Equal(28, Promise.Wrap((x1, x2, x3, x4, x5, x6, x7) => x1 + x2 + x3 + x4 + x5 + x6 + x7, 1, 2, 3, 4, 5, 6, 7).Result);
        Assert.Equal("abcdefg", Promise.Wrap((x1, x2, x3, x4, x5, x6, x7) => x1 + x2 + x3 + x4 + x5 + x6 + x7, "a", "b", "c", "d", "e", "f", "g").Result);
    }

    [Fact]
    public void Wrap7_turns_an_exception_into_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap7: raises"
        var e = new TestException();
        Assert.Same(e, Promise.Wrap<int, int, int, int, int, int, int, int>((_, _, _, _, _, _, _) => throw e, 0, 0, 0, 0, 0, 0, 0).Exception);
    }

    [Fact]
    public void Wrap_keeps_the_stack_trace_of_the_exception()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "wrap: raises" (exception keeps its throw site)
        var p = Promise.Wrap(() => ThrowFromMarkerMethod<int>().Result);
        var thrown = Assert.Throws<TestException>(() => p.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrap_lets_runtime_exceptions_escape()
    {
        // Lwt: test_lwt.ml › "apply and wrap" (exception filter: runtime exceptions are not converted)
        Assert.Same(ExceptionFilter.HandleAllExceptRuntime, ExceptionFilter.Current);
        Assert.Throws<InsufficientExecutionStackException>(() => Promise.Wrap<int>(() => throw new InsufficientExecutionStackException()));
        Assert.Throws<InsufficientExecutionStackException>(() => Promise.Apply(_ => Raise<int>(new InsufficientExecutionStackException()), 0));
    }

    [Fact]
    public void Apply_and_Wrap_with_null_function_throw_ArgumentNullException_naming_f()
    {
        // Lwt: test_lwt.ml › "apply and wrap" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Apply((Func<int, Promise<int>>)null!, 0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Wrap((Func<int>)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Wrap((Action)null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Wrap((Func<int, int>)null!, 0)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Wrap((Func<int, int, int, int, int, int, int, int>)null!, 0, 0, 0, 0, 0, 0, 0)).ParamName);
    }

    [Fact]
    public void Apply_function_returning_null_is_an_error_not_a_null_promise()
    {
        // Lwt: test_lwt.ml › "apply and wrap" › "apply: raises" (a null promise is the function's fault)
        var p = Promise.Apply(_ => (Promise<int>)null!, 0);
        Assert.True(p.IsRejected);
        Assert.IsType<InvalidOperationException>(p.Exception);
    }
}
