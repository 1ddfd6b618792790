using System;
using Xunit;

namespace Lwt.Tests.Stream;

/// <summary>Invalid arguments and use after close (DESIGN.md §9).</summary>
public class StreamBadInputTests
{
    [Fact]
    public void Negative_sizes_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>("size", () => Lwt.Stream.CreateBounded<int>(-1));
        var (s, push) = Lwt.Stream.CreateBounded<int>(1);
        Assert.Throws<ArgumentOutOfRangeException>("size", () => push.Resize(-1));
        Assert.Throws<ArgumentOutOfRangeException>("maxConcurrency", () => s.IterConcurrent(_ => Promise.Unit, 0));
    }

    // Lwt gives an empty result for a count of zero or less; we keep that harmless outcome (DESIGN.md §3).
    [Fact]
    public void Non_positive_counts_read_nothing()
    {
        Stream<int> s = Lwt.Stream.OfList([1, 2]);
        Assert.Empty(s.NGet(-1).Result);
        Assert.Empty(s.NPeek(-1).Result);
        Assert.True(s.NJunk(-1).IsFulfilled);
        Assert.Empty(s.GetAvailableUpTo(-1));
        Assert.Equal([1, 2], s.ToList().Result);
    }

    [Fact]
    public void Null_functions_are_refused()
    {
        Stream<int> s = Lwt.Stream.OfList([1]);
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.From<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.FromDirect<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.FromPromise<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.OfList<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.OfString(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.FromEnumerable<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.FromAsyncEnumerable<int>(null!, TestContext.Current.CancellationToken));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Combine<int, int>(s, null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Append(null!, s));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Concat<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Flatten<int>(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Choose<int>(s, null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.ReadToEnd(null!));
        Assert.Throws<ArgumentNullException>(() => Lwt.Stream.Hexdump(null!));
        Assert.Throws<ArgumentNullException>(() => s.Map<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.MapSequential<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.Filter(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterMap<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.FilterMapSequential<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.MapList<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.MapListSequential<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.Fold<int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => s.FoldSequential<int>(null!, 0));
        Assert.Throws<ArgumentNullException>(() => s.Iter(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterParallel(null!));
        Assert.Throws<ArgumentNullException>(() => s.IterConcurrent(null!));
        Assert.Throws<ArgumentNullException>(() => s.Find(null!));
        Assert.Throws<ArgumentNullException>(() => s.FindSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.FindMap<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.FindMapSequential<int>(null!));
        Assert.Throws<ArgumentNullException>(() => s.GetWhile(null!));
        Assert.Throws<ArgumentNullException>(() => s.GetWhileSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.JunkWhile(null!));
        Assert.Throws<ArgumentNullException>(() => s.JunkWhileSequential(null!));
        Assert.Throws<ArgumentNullException>(() => s.Parse<int>(null!));
        var (_, push) = Lwt.Stream.CreateBounded<int>(1);
        Assert.Throws<ArgumentNullException>(() => push.PushAll(null!));
    }

    [Fact]
    public void A_default_pusher_is_refused()
    {
        StreamPusher<int> push = default;
        Assert.Throws<InvalidOperationException>(() => push.Push(1));
        Assert.Throws<InvalidOperationException>(push.Close);
    }

    [Fact]
    public void A_function_returning_null_fails_the_read()
    {
        Stream<int> s = Lwt.Stream.From<int>(() => null!);
        Assert.IsType<InvalidOperationException>(s.Get().Exception);
    }
}
