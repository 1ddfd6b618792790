using System;
using Xunit;

namespace Lwt.Tests;

/// <summary>The example of README.md, kept compiling and true.</summary>
public class ReadmeExampleTests
{
    [Fact]
    public void Pick_against_a_timeout_prints_Timeout_and_cancels_the_response()
    {
        var (response, _) = Promise.Cancelable<string>();
        var (timeout, fireTimeout) = Promise.Cancelable();
        Promise<string> result = Fetch(response, timeout);

        fireTimeout.Resolve();

        Assert.Equal("Timeout", result.Result);
        Assert.True(response.IsCanceled);
    }

    [Fact]
    public void Pick_against_a_timeout_gives_the_body_when_the_response_wins()
    {
        var (response, resolveResponse) = Promise.Cancelable<string>();
        var (timeout, _) = Promise.Cancelable();
        Promise<string> result = Fetch(response, timeout);

        resolveResponse.Resolve("<html>");

        Assert.Equal("<html>", result.Result);
        Assert.True(timeout.IsCanceled);
    }

    private static async Promise<string> Fetch(Promise<string> response, Promise timeout)
    {
        var winner = Promise.Pick(response.Map(body => (string?)body), timeout.Map(() => (string?)null));
        return await winner ?? "Timeout";
    }
}
