using System;
using System.Collections.Generic;
using System.Globalization;
using Xunit;

namespace Lwt.Tests;

public class RetryTests
{
    private sealed class DummyError : Exception
    {
    }

    private static Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)> Failed<TOk, TRetry, TFatal>(RetryError<TRetry, TFatal> e, int n) =>
        Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>.Fail((e, n));

    private static Promise<Result<int, RetryError<string, string>>> RetryErr() =>
        Promise.ReturnError<int, RetryError<string, string>>(RetryError<string, string>.Retry("again"));

    private static Promise<Result<int, RetryError<string, string>>> FatalErr() =>
        Promise.ReturnError<int, RetryError<string, string>>(RetryError<string, string>.Fatal("dead"));

    private static Promise<Result<int, RetryError<string, string>>> OkResult(int v) =>
        Promise.ReturnOk<int, RetryError<string, string>>(v);

    // Lwt: test/retry/main.ml › "can format retries outcomes", "can format fatal outcomes", "can format with default printer"
    [Fact]
    public void FormatError_uses_the_formatters_or_opaque()
    {
        string Retry(double r) => r.ToString(CultureInfo.InvariantCulture);
        string Fatal(int f) => f.ToString(CultureInfo.InvariantCulture);
        Assert.Equal("Retry 3.5", Lwt.Retry.FormatError(RetryError<double, int>.Retry(3.5), Retry, Fatal));
        Assert.Equal("Fatal 42", Lwt.Retry.FormatError(RetryError<double, int>.Fatal(42), Retry, Fatal));
        Assert.Equal("Fatal <opaque>", Lwt.Retry.FormatError(RetryError<double, int>.Fatal(42)));
        Assert.Equal("Retry <opaque>", Lwt.Retry.FormatError(RetryError<double, int>.Retry(1)));
    }

    [Fact]
    public void EqualError_compares_cases_and_values_with_the_given_equalities()
    {
        static bool Eq(int a, int b) => a == b;
        Assert.True(Retry.EqualError(Eq, Eq, RetryError<int, int>.Retry(1), RetryError<int, int>.Retry(1)));
        Assert.False(Retry.EqualError(Eq, Eq, RetryError<int, int>.Retry(1), RetryError<int, int>.Fatal(1)));
        Assert.False(Retry.EqualError(Eq, Eq, RetryError<int, int>.Fatal(1), RetryError<int, int>.Fatal(2)));
        Assert.True(Retry.EqualError((_, _) => true, Eq, RetryError<int, int>.Retry(1), RetryError<int, int>.Retry(2)));
        Assert.Equal(RetryError<int, int>.Fatal(3), RetryError<int, int>.Fatal(3));
    }

    // Lwt: test/retry/main.ml › "success without retry", "does not run extra attempts"
    [Fact]
    public void A_success_ends_the_attempts_without_running_more()
    {
        int count = 0;
        var attempts = Retry.OnError(() =>
        {
            count++;
            return OkResult(42);
        });
        Assert.True(attempts.MoveNext().Result);
        Assert.Equal(Result<int, (RetryError<string, string>, int)>.Ok(42), attempts.Current);
        Assert.False(attempts.MoveNext().Result);
        Assert.Equal(1, count);
    }

    // Lwt: test/retry/main.ml › "just retries"
    [Fact]
    public void Retry_errors_are_numbered_from_one_and_keep_coming()
    {
        var attempts = Retry.OnError(RetryErr);
        for (int i = 1; i <= 5; i++)
        {
            Assert.True(attempts.MoveNext().Result);
            Assert.Equal(Failed<int, string, string>(RetryError<string, string>.Retry("again"), i), attempts.Current);
        }
    }

    // Lwt: test/retry/main.ml › "retries before fatal error"
    [Fact]
    public void A_fatal_error_ends_the_attempts()
    {
        int i = 0;
        var attempts = Retry.OnError(() => i++ < 3 ? RetryErr() : FatalErr());
        for (int k = 0; k < 3; k++)
        {
            Assert.True(attempts.MoveNext().Result);
        }

        Assert.True(attempts.MoveNext().Result);
        Assert.Equal(Failed<int, string, string>(RetryError<string, string>.Fatal("dead"), 4), attempts.Current);
        Assert.False(attempts.MoveNext().Result);
    }

    // Lwt: test/retry/main.ml › "retries before success"
    [Fact]
    public void Retries_then_success()
    {
        int i = 0;
        var attempts = Retry.OnError(() => i++ < 3 ? RetryErr() : OkResult(7));
        for (int k = 0; k < 3; k++)
        {
            Assert.True(attempts.MoveNext().Result);
            Assert.True(attempts.Current.IsError);
        }

        Assert.True(attempts.MoveNext().Result);
        Assert.Equal(7, attempts.Current.Value);
        Assert.False(attempts.MoveNext().Result);
    }

    // Lwt: test/retry/main.ml › "[n_times 0] runs one attempt"
    [Fact]
    public void NTimes_zero_makes_one_attempt()
    {
        int calls = 0;
        var last = Retry.OnError(() => { calls++; return RetryErr(); }).NTimes(0).Result;
        Assert.Equal(Failed<int, string, string>(RetryError<string, string>.Retry("again"), 1), last);
        Assert.Equal(1, calls);
    }

    // Lwt: test/retry/main.ml › "n_times gives up on a fatal error"
    [Fact]
    public void NTimes_gives_up_on_a_fatal_error()
    {
        int i = 0;
        var last = Retry.OnError(() => i++ < 3 ? RetryErr() : FatalErr()).NTimes(5).Result;
        Assert.Equal(Failed<int, string, string>(RetryError<string, string>.Fatal("dead"), 4), last);
    }

    // Lwt: test/retry/main.ml › "n_times gives a retry error when exhausted"
    [Fact]
    public void NTimes_gives_the_last_retry_error_when_exhausted()
    {
        var last = Retry.OnError(RetryErr).NTimes(5).Result;
        Assert.Equal(Failed<int, string, string>(RetryError<string, string>.Retry("again"), 6), last);
    }

    // Lwt: test/retry/main.ml › "n_times is ok on success"
    [Fact]
    public void NTimes_is_ok_on_success()
    {
        int i = 0;
        var last = Retry.OnError(() => i++ < 3 ? RetryErr() : OkResult(1)).NTimes(5).Result;
        Assert.Equal(1, last.Value);
    }

    // Lwt: test/retry/main.ml › "n_times on negative raises Invalid_argument"
    [Fact]
    public void NTimes_refuses_a_negative_count_at_once()
    {
        var attempts = Retry.OnError(RetryErr);
        Assert.Throws<ArgumentOutOfRangeException>(() => attempts.NTimes(-5));
    }

    // Lwt: test/retry/main.ml › "with_sleep really does sleep"
    [Fact]
    public void WithSleep_sleeps_before_giving_each_failed_attempt()
    {
        var sleeps = new List<(TimeSpan Duration, Resolver Wake)>();
        Promise Sleep(TimeSpan d)
        {
            var (p, r) = Promise.Wait();
            sleeps.Add((d, r));
            return p;
        }

        int i = 0;
        var result = Retry.OnError(() => i++ < 2 ? RetryErr() : OkResult(9))
            .WithSleep(Sleep, n => TimeSpan.FromMilliseconds(n * 10))
            .NTimes(5);
        Assert.True(result.IsPending);
        Assert.Single(sleeps);
        Assert.Equal(TimeSpan.FromMilliseconds(10), sleeps[0].Duration);
        Assert.Equal(1, i);
        sleeps[0].Wake.Resolve();
        Assert.Equal(2, sleeps.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(20), sleeps[1].Duration);
        sleeps[1].Wake.Resolve();
        Assert.Equal(9, result.Result.Value);
        Assert.Equal(2, sleeps.Count);
    }

    [Fact]
    public void WithSleep_delays_a_fatal_error_too_as_Lwt_does()
    {
        int slept = 0;
        var result = Retry.OnError(FatalErr).WithSleep(_ => { slept++; return Promise.Unit; }).NTimes(3);
        Assert.True(result.Result.Error.Error.IsFatal);
        Assert.Equal(1, slept);
    }

    [Fact]
    public void Canceling_NTimes_during_a_sleep_cancels_the_sleep()
    {
        var (sleep, _) = Promise.Cancelable();
        var result = Retry.OnError(RetryErr).WithSleep(_ => sleep).NTimes(3);
        result.Cancel();
        Assert.True(sleep.IsCanceled);
        Assert.True(result.IsCanceled);
    }

    [Fact]
    public void DefaultSleepDuration_is_n_times_two_times_two_to_the_n()
    {
        Assert.Equal(TimeSpan.Zero, Retry.DefaultSleepDuration(0));
        Assert.Equal(TimeSpan.FromSeconds(4), Retry.DefaultSleepDuration(1));
        Assert.Equal(TimeSpan.FromSeconds(16), Retry.DefaultSleepDuration(2));
        Assert.Equal(TimeSpan.FromSeconds(48), Retry.DefaultSleepDuration(3));
        Assert.Equal(TimeSpan.MaxValue, Retry.DefaultSleepDuration(60));
    }

    [Fact]
    public void A_throwing_attempt_rejects_that_MoveNext_and_the_attempts_go_on()
    {
        int i = 0;
        var attempts = Retry.OnError(() => i++ == 0 ? throw new DummyError() : RetryErr());
        Assert.IsType<DummyError>(attempts.MoveNext().Exception);
        Assert.True(attempts.MoveNext().Result);
        Assert.Equal(2, attempts.Current.Error.Attempt);
    }

    [Fact]
    public void MoveNext_while_the_previous_one_is_pending_is_refused()
    {
        var (p, r) = Promise.Wait<Result<int, RetryError<string, string>>>();
        var attempts = Retry.OnError(() => p);
        Promise<bool> first = attempts.MoveNext();
        Assert.Throws<InvalidOperationException>(() => attempts.MoveNext());
        Assert.Throws<InvalidOperationException>(() => attempts.Current);
        r.Resolve(Result<int, RetryError<string, string>>.Ok(1));
        Assert.True(first.Result);
        Assert.Equal(1, attempts.Current.Value);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => Retry.OnError<int, int, int>(null!));
        var attempts = Retry.OnError(RetryErr);
        Assert.Throws<ArgumentNullException>(() => attempts.WithSleep(null!));
        Assert.Throws<ArgumentNullException>(() => Retry.WithSleep<int, string, string>(null!, _ => Promise.Unit));
        Assert.Throws<ArgumentNullException>(() => Retry.NTimes<int, string, string>(null!, 1));
        Assert.Throws<ArgumentNullException>(() => Retry.EqualError<int, int>(null!, (a, b) => a == b, default, default));
        Assert.Throws<InvalidOperationException>(() => RetryError<int, int>.Retry(1).FatalValue);
        Assert.Throws<InvalidOperationException>(() => RetryError<int, int>.Fatal(1).RetryValue);
    }
}
