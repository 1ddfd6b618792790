using System;
using Xunit;

namespace Lwt.Tests;

public class PromiseResultTests
{
    private sealed class DummyError : Exception
    {
    }

    private static Result<T, int> Ok<T>(T v) => Result<T, int>.Ok(v);

    private static Result<T, int> Err<T>(int e) => Result<T, int>.Fail(e);

    // Lwt: test_lwt_result.ml › "maps", ">|= is a variant of map", "map, error case"
    [Fact]
    public void Map_maps_an_Ok_and_passes_an_Error()
    {
        Assert.Equal(Ok(1), PromiseResult.Map(PromiseResult.Return<int, int>(0), x => x + 1).Result);
        Assert.Equal(Err<int>(0), PromiseResult.Map(PromiseResult.Fail<int, int>(0), x => x + 1).Result);
    }

    // Lwt: test_lwt_result.ml › "map_error", "map_error, error case"
    [Fact]
    public void MapError_maps_an_Error_and_passes_an_Ok()
    {
        Assert.Equal(Ok(0), PromiseResult.MapError(PromiseResult.Return<int, int>(0), e => e + 1).Result);
        Assert.Equal(Err<int>(1), PromiseResult.MapError(PromiseResult.Fail<int, int>(0), e => e + 1).Result);
    }

    [Fact]
    public void Map_turns_an_exception_into_a_rejection()
    {
        Promise<Result<int, int>> p = PromiseResult.Map<int, int, int>(PromiseResult.Return<int, int>(0), _ => throw new DummyError());
        Assert.IsType<DummyError>(p.Exception);
    }

    // Lwt: test_lwt_result.ml › "bind", "bind, error case"
    [Fact]
    public void Bind_continues_an_Ok_and_skips_an_Error()
    {
        Assert.Equal(Ok(1), PromiseResult.Bind(PromiseResult.Return<int, int>(0), x => PromiseResult.Return<int, int>(x + 1)).Result);
        Assert.Equal(Err<int>(0), PromiseResult.Bind(PromiseResult.Fail<int, int>(0), x => PromiseResult.Return<int, int>(x + 1)).Result);
    }

    [Fact]
    public void Bind_on_a_fulfilled_promise_lets_the_exception_escape_as_Lwt_bind_does()
    {
        Assert.Throws<DummyError>(() => PromiseResult.Bind<int, int, int>(PromiseResult.Return<int, int>(0), _ => throw new DummyError()));
    }

    // Lwt: test_lwt_result.ml › "bind_error", "bind_error, error case"
    [Fact]
    public void BindError_continues_an_Error_and_skips_an_Ok()
    {
        Assert.Equal(Ok(0), PromiseResult.BindError(PromiseResult.Return<int, int>(0), e => PromiseResult.Fail<int, int>(e + 1)).Result);
        Assert.Equal(Err<int>(1), PromiseResult.BindError(PromiseResult.Fail<int, int>(0), e => PromiseResult.Fail<int, int>(e + 1)).Result);
    }

    // Lwt: test_lwt_result.ml › "ok", "error"
    [Fact]
    public void Ok_and_Error_wrap_a_plain_promise()
    {
        Assert.Equal(Ok(0), PromiseResult.Ok<int, int>(Promise.Return(0)).Result);
        Assert.Equal(Err<int>(0), PromiseResult.Error<int, int>(Promise.Return(0)).Result);
        Assert.IsType<DummyError>(PromiseResult.Ok<int, int>(Promise.Fail<int>(new DummyError())).Exception);
    }

    [Fact]
    public void Lift_and_Return_and_Fail_make_fulfilled_promises()
    {
        Assert.Equal(Ok(3), PromiseResult.Lift(Ok(3)).Result);
        Assert.True(PromiseResult.Fail<int, int>(1).IsFulfilled);
    }

    // Lwt: test_lwt_result.ml › "catch", "catch, error case", "catch, bound raise", "catch, immediate raise"
    [Fact]
    public void Catch_turns_values_into_Ok_and_exceptions_into_Error()
    {
        Assert.Equal(Result<int, Exception>.Ok(0), PromiseResult.Catch(() => Promise.Return(0)).Result);
        Assert.IsType<DummyError>(PromiseResult.Catch<int>(() => throw new DummyError()).Result.Error);
        Assert.IsType<DummyError>(PromiseResult.Catch(() => Promise.Unit.Map<int>(() => throw new DummyError())).Result.Error);
        Assert.IsType<DummyError>(PromiseResult.Catch(() => Promise.Fail<int>(new DummyError())).Result.Error);
    }

    [Fact]
    public void Catch_turns_a_cancellation_into_Error()
    {
        var (p, _) = Promise.Cancelable<int>();
        Promise<Result<int, Exception>> r = PromiseResult.Catch(() => p);
        r.Cancel();
        Assert.IsType<CanceledException>(r.Result.Error);
    }

    // Lwt: test_lwt_result.ml › "get_exn", "get_exn, error case"
    [Fact]
    public void GetOrFail_gives_the_value_or_rejects_with_the_error()
    {
        Assert.Equal(0, PromiseResult.GetOrFail(PromiseResult.Return<int, Exception>(0)).Result);
        var e = new DummyError();
        Assert.Same(e, PromiseResult.GetOrFail(PromiseResult.Fail<int, Exception>(e)).Exception);
    }

    // Lwt: test_lwt_result.ml › "bind_lwt", "bind_lwt, error case"
    [Fact]
    public void BindLwt_continues_an_Ok_with_a_plain_promise()
    {
        Assert.Equal(Ok(1), PromiseResult.BindLwt(PromiseResult.Return<int, int>(0), x => Promise.Return(x + 1)).Result);
        Assert.Equal(Err<int>(0), PromiseResult.BindLwt(PromiseResult.Fail<int, int>(0), x => Promise.Return(x + 1)).Result);
    }

    // Lwt: test_lwt_result.ml › "bind_lwt_error", "bind_lwt_error, error case"
    [Fact]
    public void BindLwtError_continues_an_Error_with_a_plain_promise()
    {
        Assert.Equal(Ok(0), PromiseResult.BindLwtError(PromiseResult.Return<int, int>(0), e => Promise.Return(e + 1)).Result);
        Assert.Equal(Err<int>(1), PromiseResult.BindLwtError(PromiseResult.Fail<int, int>(0), e => Promise.Return(e + 1)).Result);
    }

    // Lwt: test_lwt_result.ml › "bind_result", "bind_result, error case"
    [Fact]
    public void BindResult_continues_an_Ok_with_a_plain_result()
    {
        Assert.Equal(Ok(1), PromiseResult.BindResult(PromiseResult.Return<int, int>(0), x => Ok(x + 1)).Result);
        Assert.Equal(Err<int>(0), PromiseResult.BindResult(PromiseResult.Fail<int, int>(0), x => Ok(x + 1)).Result);
    }

    // Lwt: test_lwt_result.ml › "both ok", "both only fst error", "both only snd error"
    [Fact]
    public void Both_pairs_two_Oks_or_gives_the_Error()
    {
        Assert.Equal(Ok((0, 1)), PromiseResult.Both(PromiseResult.Return<int, int>(0), PromiseResult.Return<int, int>(1)).Result);
        Assert.Equal(Err<(int, int)>(0), PromiseResult.Both(PromiseResult.Fail<int, int>(0), PromiseResult.Return<int, int>(1)).Result);
        Assert.Equal(Err<(int, int)>(1), PromiseResult.Both(PromiseResult.Return<int, int>(0), PromiseResult.Fail<int, int>(1)).Result);
    }

    // Lwt: test_lwt_result.ml › "both error, fst", "both error, snd"
    [Fact]
    public void Both_gives_the_first_Error_to_arrive()
    {
        var (p2, r2) = Promise.Wait<Result<int, int>>();
        Promise<Result<(int, int), int>> p = PromiseResult.Both(PromiseResult.Fail<int, int>(0), p2);
        r2.ResolveLater(Err<int>(1));
        Assert.Equal(Err<(int, int)>(0), p.Result);

        var (p1, r1) = Promise.Wait<Result<int, int>>();
        p = PromiseResult.Both(p1, PromiseResult.Fail<int, int>(1));
        r1.ResolveLater(Err<int>(0));
        Assert.Equal(Err<(int, int)>(1), p.Result);
    }

    [Fact]
    public void Both_of_two_Errors_already_there_gives_the_second()
    {
        // Lwt's both maps its pair right to left (OCaml evaluates a tuple's right component
        // first), so the second Error is the one noted first.
        Assert.Equal(Err<(int, int)>(1), PromiseResult.Both(PromiseResult.Fail<int, int>(0), PromiseResult.Fail<int, int>(1)).Result);
    }

    [Fact]
    public void Both_waits_for_both_even_after_an_Error()
    {
        var (p2, r2) = Promise.Wait<Result<int, int>>();
        Promise<Result<(int, int), int>> p = PromiseResult.Both(PromiseResult.Fail<int, int>(0), p2);
        Assert.True(p.IsPending);
        r2.Resolve(Ok(5));
        Assert.Equal(Err<(int, int)>(0), p.Result);
    }

    // Lwt: test_lwt_result.ml › "iter", "iter, error case", "iter_error", "iter_error, success case"
    [Fact]
    public void Iter_and_IterError_run_on_their_case_only()
    {
        int actual = 0;
        Assert.True(PromiseResult.Iter(PromiseResult.Return<int, int>(1), y => { actual = y + 1; return Promise.Unit; }).IsFulfilled);
        Assert.Equal(2, actual);
        actual = 0;
        PromiseResult.Iter(PromiseResult.Fail<int, int>(1), y => { actual = y + 1; return Promise.Unit; });
        Assert.Equal(0, actual);
        PromiseResult.IterError(PromiseResult.Fail<int, int>(1), y => { actual = y + 1; return Promise.Unit; });
        Assert.Equal(2, actual);
        actual = 0;
        PromiseResult.IterError(PromiseResult.Return<int, int>(1), y => { actual = y + 1; return Promise.Unit; });
        Assert.Equal(0, actual);
    }

    [Fact]
    public void A_rejection_passes_through_untouched()
    {
        var e = new DummyError();
        Promise<Result<int, int>> rejected = Promise.Fail<Result<int, int>>(e);
        Assert.Same(e, PromiseResult.Map(rejected, x => x).Exception);
        Assert.Same(e, PromiseResult.Bind(rejected, PromiseResult.Return<int, int>).Exception);
        Assert.Same(e, PromiseResult.MapError(rejected, x => x).Exception);
        Assert.Same(e, PromiseResult.Iter(rejected, _ => Promise.Unit).Exception);
    }

    // Lwt: test_lwt_result.ml › "let*"
    [Fact]
    public void Query_syntax_binds_Ok_values()
    {
        var (p1, r1) = Promise.Wait<Result<string, int>>();
        var (p2, r2) = Promise.Wait<Result<string, int>>();
        Promise<Result<string, int>> joined =
            from s1 in p1
            from s2 in p2
            select s1 + s2;
        r1.Resolve(Result<string, int>.Ok("foo"));
        r2.Resolve(Result<string, int>.Ok("bar"));
        Assert.Equal(Result<string, int>.Ok("foobar"), joined.Result);
    }

    [Fact]
    public void Query_syntax_stops_at_the_first_Error()
    {
        bool secondAsked = false;
        Promise<Result<int, string>> q =
            from a in PromiseResult.Fail<int, string>("no")
            from b in Ask()
            select a * b;
        Assert.Equal(Result<int, string>.Fail("no"), q.Result);
        Assert.False(secondAsked);

        Promise<Result<int, string>> Ask()
        {
            secondAsked = true;
            return PromiseResult.Return<int, string>(2);
        }
    }

    [Fact]
    public void Select_maps_an_Ok()
    {
        Promise<Result<int, string>> q = from a in PromiseResult.Return<int, string>(20) select a + 1;
        Assert.Equal(Result<int, string>.Ok(21), q.Result);
    }

    // The caveat in PromiseResultLinq's remarks: a query that also makes sense on the whole
    // Result binds to Promise<T>'s own Select.
    [Fact]
    public void A_query_that_type_checks_on_the_whole_result_uses_the_plain_Select()
    {
        object q = from x in PromiseResult.Return<int, string>(1) select x.ToString();
        Assert.Equal("Ok(1)", Assert.IsAssignableFrom<Promise<string>>(q).Result);
    }

    // Lwt: test_lwt_result.ml › "and*", "let+/and+"
    [Fact]
    public void Both_plays_and_star()
    {
        var (p1, r1) = Promise.Wait<Result<string, int>>();
        var (p2, r2) = Promise.Wait<Result<string, int>>();
        Promise<Result<string, int>> joined = PromiseResult.Map(PromiseResult.Both(p1, p2), t => t.Item1 + t.Item2);
        r1.Resolve(Result<string, int>.Ok("foo"));
        r2.Resolve(Result<string, int>.Ok("bar"));
        Assert.Equal(Result<string, int>.Ok("foobar"), joined.Result);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Promise<Result<int, int>> p = PromiseResult.Return<int, int>(0);
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Map<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Map<int, int, int>(null!, x => x));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Bind<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.BindError<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.BindLwt<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.BindLwtError<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.BindResult<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.MapError<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Iter(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.IterError(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Both<int, int, int>(p, null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Catch<int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.GetOrFail<int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Ok<int, int>(null!));
        Assert.Throws<ArgumentNullException>(() => PromiseResult.Error<int, int>(null!));
    }
}
