using System;
using Lwt.Unix.Tests.Infrastructure;
using Xunit;

namespace Lwt.Unix.Tests;

/// <summary>The loop example of README.md, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void The_body_wins_when_it_comes_before_the_timeout() =>
        Assert.Equal("<html>", LoopThread.Run(() => Main.Run(() =>
            FetchOrTimeout(() => Time.Sleep(TimeSpan.FromMilliseconds(10)).Map(() => "<html>"), TimeSpan.FromSeconds(5)))));

    [Fact]
    public void Timeout_wins_and_cancels_the_fetch_when_the_body_is_late() =>
        LoopThread.Run(() =>
        {
            Promise<string> fetch = null!;
            string result = Main.Run(() => FetchOrTimeout(
                () => fetch = Time.Sleep(TimeSpan.FromSeconds(30)).Map(() => "<html>"),
                TimeSpan.FromMilliseconds(10)));
            Assert.Equal("Timeout", result);
            Assert.True(fetch.IsCanceled);
        });

    // As in README.md.
    private static async Promise<string> FetchOrTimeout(Func<Promise<string>> fetch, TimeSpan limit)
    {
        Promise<string?> timeout = Time.Sleep(limit).Map(() => (string?)null);
        string? body = await Promise.Pick(fetch().Map(b => (string?)b), timeout);
        return body ?? "Timeout";
    }
}
