using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>Already-resolved promises: Return, Fail and friends (test_lwt.ml › "trivial promises").</summary>
public class TrivialPromiseTests
{
    [Fact]
    public void Return_makes_a_fulfilled_promise_with_the_value()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return"
        var p = Promise.Return("foo");
        Assert.Equal(PromiseState.Fulfilled, p.State);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void Return_of_a_large_int_is_fulfilled_with_that_int()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return" (values outside the small-int cache)
        var p = Promise.Return(123_456);
        Assert.True(p.IsFulfilled);
        Assert.Equal(123_456, p.Result);
    }

    [Fact]
    public void Return_of_small_ints_gives_each_its_own_value()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return" (the cached range must not mix values up)
        for (int i = -3; i <= 12; i++)
        {
            Assert.Equal(i, Promise.Return(i).Result);
        }
    }

    [Fact]
    public void Fail_makes_a_rejected_promise_with_the_same_exception()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "reject"
        var e = new TestException();
        var p = Promise.Fail<string>(e);
        Assert.Equal(PromiseState.Rejected, p.State);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Fail_without_value_makes_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "reject" (unit form)
        var e = new TestException();
        var p = Promise.Fail(e);
        Assert.True(p.IsRejected);
        Assert.False(p.IsCanceled);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void OfResult_ok_makes_a_fulfilled_promise()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "of_result: fulfilled"
        var p = Promise.OfResult(Result<string, Exception>.Ok("foo"));
        Assert.True(p.IsFulfilled);
        Assert.Equal("foo", p.Result);
    }

    [Fact]
    public void OfResult_error_makes_a_rejected_promise()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "of_result: rejected"
        var e = new TestException();
        var p = Promise.OfResult(Result<string, Exception>.Fail(e));
        Assert.True(p.IsRejected);
        Assert.Same(e, p.Exception);
    }

    [Fact]
    public void Unit_is_fulfilled_and_always_the_same_object()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_unit"
        Assert.Equal(PromiseState.Fulfilled, Promise.Unit.State);
        Assert.Same(Promise.Unit, Promise.Unit);
    }

    [Fact]
    public void True_is_fulfilled_with_true()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_true"
        Assert.True(Promise.True.IsFulfilled);
        Assert.True(Promise.True.Result);
        Assert.Same(Promise.True, Promise.True);
    }

    [Fact]
    public void False_is_fulfilled_with_false()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_false"
        Assert.True(Promise.False.IsFulfilled);
        Assert.False(Promise.False.Result);
    }

    [Fact]
    public void Return_of_a_bool_is_fulfilled_with_that_bool()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_true"/"return_false" (through Return)
        Assert.True(Promise.Return(true).Result);
        Assert.False(Promise.Return(false).Result);
    }

    [Fact]
    public void None_is_fulfilled_with_default()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_none"
        var p = Promise.None<string>();
        Assert.True(p.IsFulfilled);
        Assert.Null(p.Result);
        var q = Promise.None<int?>();
        Assert.Null(q.Result);
    }

    [Fact]
    public void Return_of_a_nullable_value_is_fulfilled_with_it()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_some"
        var p = Promise.Return<int?>(7);
        Assert.True(p.IsFulfilled);
        Assert.Equal(7, p.Result);
    }

    [Fact]
    public void Empty_is_fulfilled_with_an_empty_list()
    {
        // Lwt: test_lwt.ml › "trivial promises" (return_nil, spec 1.1)
        var p = Promise.Empty<int>();
        Assert.True(p.IsFulfilled);
        Assert.Empty(p.Result);
    }

    [Fact]
    public void ReturnOk_is_fulfilled_with_an_ok_result()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_ok"
        var p = Promise.ReturnOk<string, string>("foo");
        Assert.True(p.IsFulfilled);
        Assert.Equal(Result<string, string>.Ok("foo"), p.Result);
    }

    [Fact]
    public void ReturnError_is_fulfilled_with_an_error_result()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "return_error"
        var p = Promise.ReturnError<string, string>("foo");
        Assert.True(p.IsFulfilled);
        Assert.True(p.Result.IsError);
        Assert.Equal("foo", p.Result.Error);
    }

    [Fact]
    public void FailWith_rejects_with_a_failure_carrying_the_message()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "fail_with"
        var p = Promise.FailWith<int>("foo");
        Assert.True(p.IsRejected);
        var e = Assert.IsType<FailureException>(p.Exception);
        Assert.Equal("foo", e.Message);
    }

    [Fact]
    public void FailInvalidArg_rejects_with_an_argument_exception_carrying_the_message()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "fail_invalid_arg"
        var p = Promise.FailInvalidArg<int>("foo");
        Assert.True(p.IsRejected);
        var e = Assert.IsType<ArgumentException>(p.Exception);
        Assert.Equal("foo", e.Message);
    }

    [Fact]
    public void Fail_with_null_throws_ArgumentNullException_naming_exception()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "reject" (bad input)
        var e1 = Assert.Throws<ArgumentNullException>(() => Promise.Fail(null!));
        Assert.Equal("exception", e1.ParamName);
        var e2 = Assert.Throws<ArgumentNullException>(() => Promise.Fail<int>(null!));
        Assert.Equal("exception", e2.ParamName);
    }

    [Fact]
    public void OfResult_error_with_null_exception_throws_ArgumentException()
    {
        // Lwt: test_lwt.ml › "trivial promises" › "of_result: rejected" (bad input)
        var e = Assert.Throws<ArgumentException>(() => Promise.OfResult(Result<int, Exception>.Fail(null!)));
        Assert.Equal("result", e.ParamName);
    }
}
