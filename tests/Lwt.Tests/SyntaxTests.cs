using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>
/// Lwt's infix operators, let syntax and ppx_let, as C# methods, operators and LINQ query syntax
/// (test_lwt.ml › "infix operators", "let syntax", "ppx_let").
/// </summary>
public class SyntaxTests
{
    [Fact]
    public void Bind_method_is_the_bind_operator()
    {
        // Lwt: test_lwt.ml › "infix operators" › ">>="
        var (p, r) = Promise.Wait<string>();
        var q = p.Bind(s => Promise.Return(s + "bar"));
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void SelectMany_is_the_reversed_bind_operator()
    {
        // Lwt: test_lwt.ml › "infix operators" › "=<<"
        var (p, r) = Promise.Wait<string>();
        Func<string, Promise<string>> f = s => Promise.Return(s + "bar");
        var q = p.SelectMany(f);
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Map_method_is_the_map_operator()
    {
        // Lwt: test_lwt.ml › "infix operators" › ">|="
        var (p, r) = Promise.Wait<string>();
        var q = p.Map(s => s + "bar");
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Select_is_the_reversed_map_operator()
    {
        // Lwt: test_lwt.ml › "infix operators" › "=|<"
        var (p, r) = Promise.Wait<string>();
        var q = p.Select(s => s + "bar");
        r.Resolve("foo");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void And_operator_joins_two_promises()
    {
        // Lwt: test_lwt.ml › "infix operators" › "<&>"
        var (p, r) = Promise.Wait();
        var q = p & Promise.Unit;
        Assert.True(q.IsPending);
        r.Resolve();
        Assert.Equal(PromiseState.Fulfilled, q.State);
        Assert.True(Promise.BitwiseAnd(Promise.Unit, Promise.Unit).IsFulfilled);
    }

    [Fact]
    public void Or_operator_chooses_the_first_promise_to_resolve()
    {
        // Lwt: test_lwt.ml › "infix operators" › "<?>"
        var (p1, r) = Promise.Wait<int>();
        var (p2, _) = Promise.Wait<int>();
        var p3 = p1 | p2;
        Assert.True(p3.IsPending);
        r.Resolve(1);
        Assert.Equal(1, p3.Result);
        Assert.True(p2.IsPending);
    }

    [Fact]
    public void Linq_from_from_select_is_let_star()
    {
        // Lwt: test_lwt.ml › "let syntax" › "let*"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var q = from s1 in p1
                from s2 in p2
                select s1 + s2;
        r1.Resolve("foo");
        Assert.True(q.IsPending);
        r2.Resolve("bar");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Both_then_bind_is_let_star_and_star()
    {
        // Lwt: test_lwt.ml › "let syntax" › "and*"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var q = Promise.Both(p1, p2).Bind(t => Promise.Return(t.Item1 + t.Item2));
        r1.Resolve("foo");
        r2.Resolve("bar");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Linq_select_over_Both_is_let_plus_and_plus()
    {
        // Lwt: test_lwt.ml › "let syntax" › "let+/and+"
        var (p1, r1) = Promise.Wait<string>();
        var (p2, r2) = Promise.Wait<string>();
        var q = from t in Promise.Both(p1, p2)
                select t.Item1 + t.Item2;
        r1.Resolve("foo");
        r2.Resolve("bar");
        Assert.Equal("foobar", q.Result);
    }

    [Fact]
    public void Return_is_the_ppx_let_return()
    {
        // Lwt: test_lwt.ml › "ppx_let" › "return"
        Assert.Equal(PromiseState.Fulfilled, Promise.Unit.State);
        Assert.Equal(0, Promise.Return(0).Result);
    }

    [Fact]
    public void Linq_select_on_a_fulfilled_promise_is_the_ppx_let_map()
    {
        // Lwt: test_lwt.ml › "ppx_let" › "map"
        var p = from x in Promise.Return(1) select x + 1;
        Assert.Equal(2, p.Result);
    }

    [Fact]
    public void Linq_from_from_on_fulfilled_promises_is_the_ppx_let_bind()
    {
        // Lwt: test_lwt.ml › "ppx_let" › "bind"
        var p = Promise.Return(1).SelectMany(x => Promise.Return(x + 1));
        Assert.Equal(2, p.Result);
        var q = from x in Promise.Return(1)
                from y in Promise.Return(x + 1)
                select y;
        Assert.Equal(2, q.Result);
    }

    [Fact]
    public void Both_of_fulfilled_promises_is_a_pair()
    {
        // Lwt: test_lwt.ml › "ppx_let" › "both"
        var p = Promise.Both(Promise.Return(1), Promise.Return(2));
        Assert.Equal((1, 2), p.Result);
    }

    [Fact]
    public void Linq_query_propagates_a_rejection_without_running_later_clauses()
    {
        // Lwt: test_lwt.ml › "let syntax" › "let*" (rejected input)
        var (p1, r1) = Promise.Wait<string>();
        bool ran = false;
        var q = from s1 in p1
                from s2 in Promise.Return(s1 + "x")
                select Mark(ref ran, s2);
        var e = new TestException();
        r1.Reject(e);
        Assert.Same(e, q.Exception);
        Assert.False(ran);
    }

    [Fact]
    public void Linq_select_selector_exception_rejects_the_result()
    {
        // Lwt: test_lwt.ml › "let syntax" › "let+/and+" (map semantics: exception becomes a rejection)
        var e = new TestException();
        var q = from x in Promise.Return(1) select Throw(e, x);
        Assert.Same(e, q.Exception);
    }

    [Fact]
    public void Linq_Select_and_SelectMany_with_null_selector_name_the_selector_parameter()
    {
        // Lwt: test_lwt.ml › "let syntax" (bad input: ParamName must be the parameter's own name)
        var p = Promise.Return(1);
        Assert.Equal("selector", Assert.Throws<ArgumentNullException>(() => p.Select((Func<int, int>)null!)).ParamName);
        Assert.Equal("selector", Assert.Throws<ArgumentNullException>(() => p.SelectMany((Func<int, Promise<int>>)null!)).ParamName);
    }

    [Fact]
    public void Linq_SelectMany_with_result_selector_and_null_arguments_names_them()
    {
        // Lwt: test_lwt.ml › "let syntax" (bad input)
        var p = Promise.Return(1);
        Assert.Equal("selector", Assert.Throws<ArgumentNullException>(() => p.SelectMany((Func<int, Promise<int>>)null!, (a, b) => a + b)).ParamName);
        Assert.Equal("resultSelector", Assert.Throws<ArgumentNullException>(() => p.SelectMany(x => Promise.Return(x), (Func<int, int, int>)null!)).ParamName);
    }

    private static string Mark(ref bool ran, string s)
    {
        ran = true;
        return s;
    }

    private static int Throw(Exception e, int x) => x > 0 ? throw e : x;
}
