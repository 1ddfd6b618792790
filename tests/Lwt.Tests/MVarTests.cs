using Xunit;

namespace Lwt.Tests;

public class MVarTests
{
    // Lwt: test_lwt_mvar.ml › "basic take"
    [Fact]
    public void Take_from_a_full_box_is_immediate()
    {
        var m = new MVar<int>(0);
        Assert.Equal(0, m.Take().Result);
        Assert.True(m.IsEmpty);
    }

    // Lwt: test_lwt_mvar.ml › "take_available (full)"
    [Fact]
    public void TryTake_from_a_full_box_gives_the_value()
    {
        var m = new MVar<int>(3);
        Assert.True(m.TryTake(out int v));
        Assert.Equal(3, v);
    }

    // Lwt: test_lwt_mvar.ml › "take_available (empty)"
    [Fact]
    public void TryTake_from_an_empty_box_gives_nothing()
    {
        var m = new MVar<int>();
        Assert.False(m.TryTake(out _));
    }

    // Lwt: test_lwt_mvar.ml › "take_available (twice)"
    [Fact]
    public void TryTake_twice_empties_the_box()
    {
        var m = new MVar<int>(1);
        Assert.True(m.TryTake(out _));
        Assert.False(m.TryTake(out _));
    }

    // Lwt: test_lwt_mvar.ml › "is_empty (full)" and "is_empty (empty)"
    [Fact]
    public void IsEmpty_tells_whether_the_box_holds_a_value()
    {
        Assert.False(new MVar<int>(1).IsEmpty);
        Assert.True(new MVar<int>().IsEmpty);
    }

    // Lwt: test_lwt_mvar.ml › "blocking put"
    [Fact]
    public void Put_into_a_full_box_waits()
    {
        var m = new MVar<int>(1);
        Assert.True(m.Put(2).IsPending);
    }

    // Lwt: test_lwt_mvar.ml › "put-take"
    [Fact]
    public void Put_then_take_gives_the_value()
    {
        var m = new MVar<int>();
        Assert.True(m.Put(4).IsFulfilled);
        Assert.Equal(4, m.Take().Result);
    }

    // Lwt: test_lwt_mvar.ml › "take-put"
    [Fact]
    public void Take_then_put_hands_the_value_to_the_taker()
    {
        var m = new MVar<int>();
        Promise<int> t = m.Take();
        Assert.True(t.IsPending);
        Assert.True(m.Put(5).IsFulfilled);
        Assert.Equal(5, t.Result);
        Assert.True(m.IsEmpty);
    }

    // Lwt: test_lwt_mvar.ml › "enqueued writer"
    [Fact]
    public void Take_moves_the_waiting_writer_value_in()
    {
        var m = new MVar<int>(1);
        Promise y = m.Put(2);
        Promise<int> z = m.Take();
        Assert.True(y.IsFulfilled);
        Assert.Equal(1, z.Result);
        Assert.Equal(2, m.Take().Result);
    }

    // Lwt: test_lwt_mvar.ml › "writer cancellation"
    [Fact]
    public void Canceled_writer_withdraws_its_value()
    {
        var m = new MVar<int>(1);
        Promise r1 = m.Put(2);
        r1.Cancel();
        Assert.Equal(1, m.Take().Result);
        Assert.True(m.Take().IsPending);
    }

    [Fact]
    public void Readers_are_served_in_fifo_order()
    {
        var m = new MVar<int>();
        Promise<int> a = m.Take();
        Promise<int> b = m.Take();
        m.Put(1);
        m.Put(2);
        Assert.Equal(1, a.Result);
        Assert.Equal(2, b.Result);
    }

    [Fact]
    public void Canceled_reader_does_not_receive_a_value()
    {
        var m = new MVar<int>();
        Promise<int> a = m.Take();
        Promise<int> b = m.Take();
        a.Cancel();
        m.Put(9);
        Assert.True(a.IsCanceled);
        Assert.Equal(9, b.Result);
    }
}

public class MVarLeakTests
{
    [Fact]
    public void Canceling_many_pending_takes_and_puts_leaves_nothing_registered()
    {
        var empty = new MVar<int>();
        var takes = new Promise<int>[100_000];
        for (int i = 0; i < takes.Length; i++)
        {
            takes[i] = empty.Take();
        }

        foreach (Promise<int> t in takes)
        {
            t.Cancel();
        }

        // No canceled reader is left to swallow the value: it stays in the box.
        Assert.True(empty.Put(7).IsFulfilled);
        Assert.True(empty.IsFull);

        var full = new MVar<int>(1);
        var puts = new Promise[100_000];
        for (int i = 0; i < puts.Length; i++)
        {
            puts[i] = full.Put(i);
        }

        foreach (Promise p in puts)
        {
            p.Cancel();
        }

        // No canceled writer's value moves in after the take.
        Assert.Equal(1, full.Take().Result);
        Assert.True(full.IsEmpty);
    }
}

public class ConditionLeakTests
{
    [Fact]
    public void Canceling_many_waits_leaves_nothing_registered()
    {
        var c = new Condition<int>();
        var waits = new Promise<int>[100_000];
        for (int i = 0; i < waits.Length; i++)
        {
            waits[i] = c.Wait();
        }

        foreach (Promise<int> w in waits)
        {
            w.Cancel();
        }

        Promise<int> last = c.Wait();
        c.Signal(5);
        Assert.Equal(5, last.Result);
    }
}
