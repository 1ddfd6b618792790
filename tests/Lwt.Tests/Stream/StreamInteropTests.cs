using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>
/// Streams as IAsyncEnumerable and ChannelReader, before the event loop exists: what works is a
/// stream fed on the test's own thread (see the remarks of Stream{T}.ToAsyncEnumerable).
/// </summary>
public class StreamInteropTests
{
    [Fact]
    public async Task Await_foreach_over_a_ready_stream()
    {
        var seen = new List<int>();
        await foreach (int x in Lwt.Stream.OfList([1, 2, 3]).ToAsyncEnumerable().WithCancellation(TestContext.Current.CancellationToken))
        {
            seen.Add(x);
        }

        Assert.Equal([1, 2, 3], seen);
    }

    [Fact]
    public async Task Await_foreach_resumes_when_the_stream_is_fed_later_on_the_same_thread()
    {
        using var noContext = new NoSynchronizationContext();
        var (s, push) = Lwt.Stream.Create<int>();
        Task<List<int>> collecting = Collect(s.ToAsyncEnumerable());
        Assert.False(collecting.IsCompleted);
        push.Push(1);
        push.Push(2);
        push.Close();
        Assert.True(collecting.IsCompleted);
        Assert.Equal([1, 2], await collecting);
    }

    [Fact]
    public void An_async_Promise_method_reads_with_await_Get()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        Promise<int> sum = Sum(s);
        push.Push(1);
        push.Push(2);
        Assert.True(sum.IsPending);
        push.Close();
        Assert.Equal(3, sum.Result);
    }

    [Fact]
    public void An_async_Promise_method_cannot_await_foreach_a_waiting_stream_without_a_loop()
    {
        using var noContext = new NoSynchronizationContext();
        var (s, _) = Lwt.Stream.Create<int>();
        Promise<int> sum = SumWithForeach(s);
        Assert.IsType<InvalidOperationException>(sum.Exception);
    }

    [Fact]
    public async Task Disposing_the_enumerator_withdraws_its_pending_read()
    {
        var (s, push) = Lwt.Stream.Create<int>();
        IAsyncEnumerator<int> e = s.ToAsyncEnumerable().GetAsyncEnumerator(CancellationToken.None);
#pragma warning disable CA2012 // The test looks at the pending ValueTask before consuming it, once.
        ValueTask<bool> move = e.MoveNextAsync();
#pragma warning restore CA2012
        Assert.False(move.IsCompleted);
        Assert.Equal(1, s.Source.WaiterCount);
        await e.DisposeAsync();
        Assert.Equal(0, s.Source.WaiterCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await move);
        push.Push(5);
        Assert.Equal(Option.Some(5), s.Get().Result);
    }

    [Fact]
    public void FromAsyncEnumerable_of_a_stream_gives_back_its_elements()
    {
        Stream<int> s = Lwt.Stream.FromAsyncEnumerable(Lwt.Stream.OfList([1, 2, 3]).ToAsyncEnumerable(), TestContext.Current.CancellationToken);
        Assert.Equal([1, 2, 3], s.ToList().Result);
    }

    [Fact]
    public void FromAsyncEnumerable_fails_a_read_that_would_need_a_loop()
    {
        using var noContext = new NoSynchronizationContext();
        var (source, _) = Lwt.Stream.Create<int>();
        Stream<int> s = Lwt.Stream.FromAsyncEnumerable(source.ToAsyncEnumerable(), TestContext.Current.CancellationToken);
        Assert.IsType<InvalidOperationException>(s.Get().Exception);
    }

    [Fact]
    public async Task A_channel_reader_reads_and_waits()
    {
        using var noContext = new NoSynchronizationContext();
        var (s, push) = Lwt.Stream.Create<int>();
        ChannelReader<int> reader = s.AsChannelReader();
        Assert.False(reader.TryRead(out _));
        ValueTask<bool> wait = reader.WaitToReadAsync(CancellationToken.None);
        Assert.False(wait.IsCompleted);
        push.Push(4);
        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
        Assert.True(reader.CanPeek);
        Assert.True(reader.TryPeek(out int peeked));
        Assert.Equal(4, peeked);
        Assert.True(reader.TryRead(out int read));
        Assert.Equal(4, read);
        push.Push(5);
        push.Close();
        var rest = new List<int>();
        await foreach (int x in reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            rest.Add(x);
        }

        Assert.Equal([5], rest);
        Assert.False(await reader.WaitToReadAsync(TestContext.Current.CancellationToken));
        Assert.True(reader.Completion.IsCompletedSuccessfully);
    }

    // Documented limit: a token that can be canceled needs the loop's SynchronizationContext to come back on.
    [Fact]
    public void A_cancelable_token_on_a_waiting_read_needs_a_loop()
    {
        using var noContext = new NoSynchronizationContext();
        using var cts = new CancellationTokenSource();
        var (s, _) = Lwt.Stream.Create<int>();
        IAsyncEnumerator<int> e = s.ToAsyncEnumerable().GetAsyncEnumerator(cts.Token);
        Assert.Throws<InvalidOperationException>(() => { _ = e.MoveNextAsync().AsTask(); });
    }

    private static async Task<List<int>> Collect(IAsyncEnumerable<int> source)
    {
        var list = new List<int>();
        await foreach (int x in source)
        {
            list.Add(x);
        }

        return list;
    }

    private static async Promise<int> Sum(Stream<int> s)
    {
        int sum = 0;
        while (await s.Get() is { HasValue: true } x)
        {
            sum += x.Value;
        }

        return sum;
    }

    private static async Promise<int> SumWithForeach(Stream<int> s)
    {
        int sum = 0;
        await foreach (int x in s.ToAsyncEnumerable())
        {
            sum += x;
        }

        return sum;
    }

    /// <summary>Runs a test without a SynchronizationContext, as code outside the loop does.</summary>
    [Fact]
    public void A_cancelable_token_without_a_SynchronizationContext_throws_and_withdraws_the_read()
    {
        using var noContext = new NoSynchronizationContext();
        using var cts = new CancellationTokenSource();
        var (s, push) = Lwt.Stream.Create<int>();
        IAsyncEnumerator<int> elements = s.ToAsyncEnumerable().GetAsyncEnumerator(cts.Token);
        Assert.Throws<InvalidOperationException>(() => StartMoveNext(elements));
        push.Push(7);
        Assert.True(s.TryGet(out int next), "the element went to the withdrawn read");
        Assert.Equal(7, next);
    }

    // Throws what MoveNextAsync throws synchronously; its task, when it returns one, is left alone.
    private static void StartMoveNext(IAsyncEnumerator<int> e) => _ = e.MoveNextAsync().AsTask();

    private sealed class NoSynchronizationContext : IDisposable
    {
        private readonly SynchronizationContext? _saved = SynchronizationContext.Current;

        public NoSynchronizationContext() => SynchronizationContext.SetSynchronizationContext(null);

        public void Dispose() => SynchronizationContext.SetSynchronizationContext(_saved);
    }
}
