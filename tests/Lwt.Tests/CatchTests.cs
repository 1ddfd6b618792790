using System;
using Xunit;
using static Lwt.Tests.Support;

namespace Lwt.Tests;

/// <summary>Catch (test_lwt.ml › "catch" and "backtrace_catch").</summary>
public class CatchTests
{
    [Fact]
    public void Catch_on_fulfilled_computation_returns_its_value_without_calling_handler()
    {
        // Lwt: test_lwt.ml › "catch" › "fulfilled"
        bool ran = false;
        var p = Promise.Catch(() => Promise.Return("foo"), _ =>
        {
            ran = true;
            return Promise.Return("bar");
        });
        Assert.Equal("foo", p.Result);
        Assert.False(ran);
    }

    [Fact]
    public void Catch_on_fulfilled_promise_returns_that_same_promise()
    {
        // Lwt: test_lwt.ml › "catch" › "fulfilled" (the input itself is returned, spec 1.6)
        var input = Promise.Return("foo");
        Assert.Same(input, Promise.Catch(() => input, _ => Promise.Return("bar")));
        Assert.Same(input, input.Catch(_ => Promise.Return("bar")));
        Assert.Same(Promise.Unit, Promise.Unit.Catch(_ => Promise.Unit));
    }

    [Fact]
    public void Catch_when_computation_throws_calls_handler_with_the_exception()
    {
        // Lwt: test_lwt.ml › "catch" › "f raises"
        var e = new TestException();
        var p = Promise.Catch<Exception>(() => throw e, ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
    }

    [Fact]
    public void Catch_on_rejected_computation_calls_handler_with_the_exception()
    {
        // Lwt: test_lwt.ml › "catch" › "rejected"
        var e = new TestException();
        var p = Promise.Catch(() => Promise.Fail<Exception>(e), ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
    }

    [Fact]
    public void Catch_on_rejected_computation_calls_handler_directly()
    {
        // Lwt: test_lwt.ml › "catch" › "rejected (raise)" (handler runs before Catch returns)
        var e = new TestException();
        bool ran = false;
        var p = Promise.Fail<int>(e).Catch(_ =>
        {
            ran = true;
            return Promise.Return(1);
        });
        Assert.True(ran);
        Assert.Equal(1, p.Result);
    }

    [Fact]
    public void Catch_on_rejected_computation_lets_handler_exception_escape()
    {
        // Lwt: test_lwt.ml › "catch" › "rejected, h raises"
        var e = new TestException();
        var thrown = Assert.Throws<TestException>(
            () => Promise.Catch(() => Promise.Fail<int>(new ExitException()), _ => Raise<int>(e)));
        Assert.Same(e, thrown);
    }

    [Fact]
    public void Catch_on_pending_computation_is_pending_and_does_not_call_handler()
    {
        // Lwt: test_lwt.ml › "catch" › "pending"
        bool ran = false;
        var p = Promise.Catch(() => Promise.Wait().Promise, _ =>
        {
            ran = true;
            return Promise.Unit;
        });
        Assert.True(p.IsPending);
        Assert.False(ran);
    }

    [Fact]
    public void Catch_on_pending_computation_that_fulfills_gives_its_value()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = Promise.Catch(() => p, _ => Promise.Return("bar"));
        r.Resolve("foo");
        Assert.Equal("foo", q.Result);
    }

    [Fact]
    public void Catch_on_pending_computation_that_rejects_calls_handler()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, rejected"
        var (p, r) = Promise.Wait<Exception>();
        var q = Promise.Catch(() => p, ex => Promise.Return(ex));
        var e = new TestException();
        r.Reject(e);
        Assert.Same(e, q.Result);
    }

    [Fact]
    public void Catch_on_pending_computation_rejects_result_when_handler_throws()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, rejected, h raises"
        var (p, r) = Promise.Wait<int>();
        var e = new TestException();
        var q = Promise.Catch(() => p, _ => Raise<int>(e));
        r.Reject(new ExitException());
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Catch_follows_a_pending_handler_promise()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, rejected, h pending"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var p = Promise.Catch(() => p1, _ => p2);
        r1.Reject(new TestException());
        Assert.Equal(PromiseState.Pending, p.State);
        r2.Resolve("foo");
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Catch_result_becoming_a_proxy_during_its_handler_still_resolves()
    {
        // Lwt: test_lwt.ml › "catch" › "proxy during callback"
        var (p1, r1) = Promise.Wait<bool>();
        var (p2, r2) = Promise.Wait();
        var p3 = Promise.Catch(() => p1, _ =>
        {
            r2.Resolve();
            return Promise.True;
        });
        var p4 = p2.Bind(() => p3);
        r1.Reject(new ExitException());
        Assert.True(p4.Result);
    }

    [Fact]
    public void Catch_lets_runtime_exceptions_from_the_computation_escape()
    {
        // Lwt: test_lwt.ml › "catch" › "catch with ocaml-runtime exception"
        Assert.Same(ExceptionFilter.HandleAllExceptRuntime, ExceptionFilter.Current);
        Assert.Throws<InsufficientExecutionStackException>(
            () => Promise.Catch<bool>(() => throw new InsufficientExecutionStackException(), _ => Promise.False));
    }

    [Fact]
    public void TryBind_lets_runtime_exceptions_from_the_computation_escape()
    {
        // Lwt: test_lwt.ml › "catch" › "try_bind with ocaml-runtime exception"
        Assert.Same(ExceptionFilter.HandleAllExceptRuntime, ExceptionFilter.Current);
        Assert.Throws<InsufficientExecutionStackException>(
            () => Promise.TryBind<bool>(() => throw new InsufficientExecutionStackException(), () => Promise.False, _ => Promise.False));
    }

    [Fact]
    public void TryBind_lets_runtime_exceptions_from_the_success_function_escape()
    {
        // Lwt: test_lwt.ml › "catch" › "try_bind(2) with ocaml-runtime exception"
        Assert.Same(ExceptionFilter.HandleAllExceptRuntime, ExceptionFilter.Current);
        Assert.Throws<InsufficientExecutionStackException>(
            () => Promise.TryBind(() => Promise.Unit, () => Raise<bool>(new InsufficientExecutionStackException()), _ => Promise.False));
    }

    [Fact]
    public void Catch_sees_a_cancellation_as_an_exception()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, rejected" (with Canceled)
        var (p, _) = Promise.Cancelable<int>();
        var q = p.Catch(e => Promise.Return(e is CanceledException ? 1 : 2));
        p.Cancel();
        Assert.Equal(1, q.Result);
    }

    [Fact]
    public void Catch_unit_forms_call_handler_on_rejection()
    {
        // Lwt: test_lwt.ml › "catch" › "pending, rejected" (Promise overloads)
        var (p, r) = Promise.Wait();
        Exception? seen = null;
        var q = Promise.Catch(() => p, e =>
        {
            seen = e;
            return Promise.Unit;
        });
        var ex = new TestException();
        r.Reject(ex);
        Assert.True(q.IsFulfilled);
        Assert.Same(ex, seen);
    }

    [Fact]
    public void Catch_with_null_arguments_throws_ArgumentNullException_naming_them()
    {
        // Lwt: test_lwt.ml › "catch" (bad input)
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Catch((Func<Promise<int>>)null!, _ => Promise.Return(1))).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentNullException>(() => Promise.Catch(() => Promise.Return(1), null!)).ParamName);
        Assert.Equal("f", Assert.Throws<ArgumentNullException>(() => Promise.Catch((Func<Promise>)null!, _ => Promise.Unit)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentNullException>(() => Promise.Return(1).Catch(null!)).ParamName);
        Assert.Equal("h", Assert.Throws<ArgumentNullException>(() => Promise.Unit.Catch(null!)).ParamName);
    }

    // backtrace_catch

    [Fact]
    public void Backtrace_catch_on_fulfilled_computation_returns_its_value()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "fulfilled"
        var p = Promise.Catch(() => Promise.Return("foo"), _ => Promise.Return("bar"));
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Backtrace_catch_handler_gets_the_thrown_exception_with_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "f raises"
        var p = Promise.Catch(() => ThrowFromMarkerMethod<Exception>(), ex => Promise.Return(ex));
        var e = Assert.IsType<TestException>(p.Result);
        Assert.Contains(MarkerName, e.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_catch_on_rejected_computation_gives_handler_the_same_exception()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "rejected"
        var e = ThrownTestException();
        var p = Promise.Catch(() => Promise.Fail<Exception>(e), ex => Promise.Return(ex));
        Assert.Same(e, p.Result);
        Assert.Contains(MarkerName, p.Result.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_catch_on_pending_computation_is_pending()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "pending"
        var (p, _) = Promise.Wait();
        Assert.True(Promise.Catch(() => p, _ => Promise.Unit).IsPending);
    }

    [Fact]
    public void Backtrace_catch_on_pending_computation_that_fulfills_gives_its_value()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "pending, fulfilled"
        var (p, r) = Promise.Wait<string>();
        var q = Promise.Catch(() => p, _ => Promise.Return("bar"));
        r.Resolve("foo");
        Assert.Equal("foo", q.Result);
    }

    [Fact]
    public void Backtrace_catch_on_pending_rejection_handler_sees_the_original_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "pending, rejected"
        var (p, r) = Promise.Wait<Exception>();
        var q = Promise.Catch(() => p, ex => Promise.Return(ex));
        var e = ThrownTestException();
        r.Reject(e);
        Assert.Same(e, q.Result);
        Assert.Contains(MarkerName, q.Result.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_catch_handler_exception_keeps_its_stack_trace()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "pending, rejected, h raises"
        var (p, r) = Promise.Wait<int>();
        var q = Promise.Catch(() => p, _ => ThrowFromMarkerMethod<int>());
        r.Reject(new ExitException());
        var thrown = Assert.Throws<TestException>(() => q.Result);
        Assert.Contains(MarkerName, thrown.StackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public void Backtrace_catch_result_becoming_a_proxy_during_its_handler_still_resolves()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "proxy during callback"
        var (p1, r1) = Promise.Wait<bool>();
        var (p2, r2) = Promise.Wait();
        var p3 = p1.Catch(_ =>
        {
            r2.Resolve();
            return Promise.True;
        });
        var p4 = p2.Bind(() => p3);
        r1.Reject(new ExitException());
        Assert.True(p4.Result);
    }

    [Fact]
    public void Backtrace_catch_rethrow_from_handler_keeps_the_original_stack_trace_through_await()
    {
        // Lwt: test_lwt.ml › "backtrace_catch" › "pending, rejected, h raises" (reraise, then await)
        var (p, r) = Promise.Wait<int>();
        var q = p.Catch(ex => Promise.Fail<int>(ex));
        var caught = AwaitAndCatch(q);
        var e = ThrownTestException();
        r.Reject(e);
        Assert.Same(e, caught.Result);
        Assert.Contains(MarkerName, caught.Result!.StackTrace, StringComparison.Ordinal);
    }

    private static async Promise<Exception?> AwaitAndCatch(Promise<int> p)
    {
        try
        {
            await p;
            return null;
        }
        catch (TestException e)
        {
            return e;
        }
    }
}
