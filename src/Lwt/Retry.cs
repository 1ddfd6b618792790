// Retry.cs: Lwt's Lwt_retry: make attempts at a computation that reports Retry or Fatal
// errors, optionally sleeping between them, and stop after a number of retries. Attempts are
// made on demand (RetryAttempts), so nothing runs that nobody asked for. The event loop (and its
// timers) is not part of the core, so WithSleep takes the sleep function as an argument.

using System;
using Lwt.Internal;

namespace Lwt;

/// <summary>
/// Retrying computations that may fail (Lwt's <c>Lwt_retry</c>).
/// </summary>
/// <example>
/// <code>
/// Promise&lt;Result&lt;Page, (RetryError&lt;string, string&gt; Error, int Attempt)&gt;&gt; page =
///     Retry.OnError(() => Fetch(url))          // Fetch gives Ok, Retry or Fatal
///          .WithSleep(sleep)                    // back off between attempts (sleep: the loop's timer)
///          .NTimes(10);                          // retry up to 10 times
/// </code>
/// </example>
public static class Retry
{
    /// <summary>
    /// The attempts at <paramref name="f"/>, made on demand (Lwt's <c>on_error</c>): each
    /// <see cref="RetryAttempts{TOk, TRetry, TFatal}.MoveNext"/> calls <paramref name="f"/> once,
    /// until it gives <c>Ok</c> or a <c>Fatal</c> error; after that the sequence ends and
    /// <paramref name="f"/> is not called again.
    /// </summary>
    /// <typeparam name="TOk">The type of the value.</typeparam>
    /// <typeparam name="TRetry">The type of a retryable error.</typeparam>
    /// <typeparam name="TFatal">The type of a fatal error.</typeparam>
    /// <param name="f">The computation. An exception it throws, or a rejection, rejects that <c>MoveNext</c> and uses up its attempt number; the sequence goes on.</param>
    /// <returns>The attempts; none is made yet.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="f"/> is null.</exception>
    public static RetryAttempts<TOk, TRetry, TFatal> OnError<TOk, TRetry, TFatal>(Func<Promise<Result<TOk, RetryError<TRetry, TFatal>>>> f)
    {
        ArgumentNullException.ThrowIfNull(f);
        int attempt = 0;
        bool stopped = false;
        return new RetryAttempts<TOk, TRetry, TFatal>(() =>
        {
            attempt++;
            if (stopped)
            {
                return Promise.Return(Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>.Fail(false));
            }

            int n = attempt;
            return Promise.Guard(f).Map(r =>
            {
                stopped = r.IsOk || r.Error.IsFatal;
                var made = r.IsOk
                    ? Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>.Ok(r.Value)
                    : Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>.Fail((r.Error, n));
                return Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>.Ok(made);
            });
        });
    }

    /// <summary>
    /// The same attempts, with a sleep of <c>duration(n)</c> before each failed attempt number
    /// <c>n</c> is given out (Lwt's <c>with_sleep</c>); successful attempts are given out at once.
    /// As in Lwt, a <c>Fatal</c> error is delayed too.
    /// </summary>
    /// <typeparam name="TOk">The type of the value.</typeparam>
    /// <typeparam name="TRetry">The type of a retryable error.</typeparam>
    /// <typeparam name="TFatal">The type of a fatal error.</typeparam>
    /// <param name="attempts">The attempts; do not read them directly any more.</param>
    /// <param name="sleep">
    /// Sleeps for a duration, e.g. the event loop's sleep. The core has no timers (they belong to
    /// the event loop), hence this parameter, where Lwt calls <c>Lwt_unix.sleep</c>.
    /// </param>
    /// <param name="duration">The sleep before failed attempt <c>n</c>; default <see cref="DefaultSleepDuration"/>.</param>
    /// <returns>The delayed attempts.</returns>
    /// <remarks>Canceling a <c>MoveNext</c> during a sleep cancels the sleep's promise, and that <c>MoveNext</c> is rejected; the attempt it made is lost.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="attempts"/> or <paramref name="sleep"/> is null.</exception>
    public static RetryAttempts<TOk, TRetry, TFatal> WithSleep<TOk, TRetry, TFatal>(
        this RetryAttempts<TOk, TRetry, TFatal> attempts,
        Func<TimeSpan, Promise> sleep,
        Func<int, TimeSpan>? duration = null)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(sleep);
        duration ??= DefaultSleepDuration;
        return new RetryAttempts<TOk, TRetry, TFatal>(() => attempts.MoveNext().Bind(made =>
        {
            if (!made)
            {
                return Promise.Return(Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>.Fail(false));
            }

            var attempt = attempts.Current;
            var item = Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>.Ok(attempt);
            if (attempt.IsOk)
            {
                return Promise.Return(item);
            }

            return (sleep(duration(attempt.Error.Attempt)) ?? Promise.NullPromise<bool>("Retry.WithSleep")).Map(() => item);
        }));
    }

    /// <summary>
    /// Lwt's default back-off: <c>n · 2 · 2ⁿ</c> seconds before failed attempt <c>n</c> (0, 4, 16,
    /// 48, 128… for n = 0, 1, 2, 3, 4), capped at <see cref="TimeSpan.MaxValue"/> (Lwt's
    /// <c>default_sleep_duration</c>).
    /// </summary>
    /// <param name="attempt">The attempt number.</param>
    /// <returns>The duration.</returns>
    public static TimeSpan DefaultSleepDuration(int attempt)
    {
        double seconds = attempt * 2.0 * Math.Pow(2.0, attempt);
        if (seconds >= TimeSpan.MaxValue.TotalSeconds)
        {
            return TimeSpan.MaxValue;
        }

        return seconds <= TimeSpan.MinValue.TotalSeconds ? TimeSpan.MinValue : TimeSpan.FromSeconds(seconds);
    }

    /// <summary>
    /// Makes up to <c>n + 1</c> attempts (one try and <paramref name="n"/> retries) and gives the
    /// last one (Lwt's <c>n_times</c>): <c>Ok</c> on success, the <c>Fatal</c> error that stopped
    /// the attempts, or the <c>Retry</c> error of attempt <c>n + 1</c>.
    /// </summary>
    /// <typeparam name="TOk">The type of the value.</typeparam>
    /// <typeparam name="TRetry">The type of a retryable error.</typeparam>
    /// <typeparam name="TFatal">The type of a fatal error.</typeparam>
    /// <param name="attempts">The attempts.</param>
    /// <param name="n">How many retries are allowed; 0 means a single try.</param>
    /// <returns>
    /// A promise of the last attempt; rejected if an attempt is rejected, or with
    /// <see cref="InvalidOperationException"/> if the sequence ended before giving any attempt.
    /// </returns>
    /// <remarks>Canceling the result cancels the attempt (or sleep) under way.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="attempts"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is negative.</exception>
    public static Promise<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>> NTimes<TOk, TRetry, TFatal>(
        this RetryAttempts<TOk, TRetry, TFatal> attempts,
        int n)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        return NTimesCore(attempts, n + 1);
    }

    /// <summary>
    /// Compares two errors with the given equalities (Lwt's <c>equal_error</c>): equal when both
    /// are <c>Retry</c> and <paramref name="retry"/> says so, or both <c>Fatal</c> and
    /// <paramref name="fatal"/> says so.
    /// </summary>
    /// <typeparam name="TRetry">The type of a retryable error.</typeparam>
    /// <typeparam name="TFatal">The type of a fatal error.</typeparam>
    /// <param name="retry">Compares retryable errors.</param>
    /// <param name="fatal">Compares fatal errors.</param>
    /// <param name="left">An error.</param>
    /// <param name="right">Another error.</param>
    /// <returns>Whether they are equal.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="retry"/> or <paramref name="fatal"/> is null.</exception>
    public static bool EqualError<TRetry, TFatal>(
        Func<TRetry, TRetry, bool> retry,
        Func<TFatal, TFatal, bool> fatal,
        RetryError<TRetry, TFatal> left,
        RetryError<TRetry, TFatal> right)
    {
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(fatal);
        if (left.IsFatal != right.IsFatal)
        {
            return false;
        }

        return left.IsFatal ? fatal(left.FatalValue, right.FatalValue) : retry(left.RetryValue, right.RetryValue);
    }

    /// <summary>
    /// Formats an error as <c>Retry …</c> or <c>Fatal …</c> (Lwt's <c>pp_error</c>); an error
    /// without a formatter shows as <c>&lt;opaque&gt;</c>, as in Lwt.
    /// </summary>
    /// <typeparam name="TRetry">The type of a retryable error.</typeparam>
    /// <typeparam name="TFatal">The type of a fatal error.</typeparam>
    /// <param name="error">The error.</param>
    /// <param name="retry">Formats a retryable error, or null.</param>
    /// <param name="fatal">Formats a fatal error, or null.</param>
    /// <returns>The text.</returns>
    public static string FormatError<TRetry, TFatal>(
        RetryError<TRetry, TFatal> error,
        Func<TRetry, string>? retry = null,
        Func<TFatal, string>? fatal = null) =>
        error.IsFatal
            ? "Fatal " + (fatal is null ? "<opaque>" : fatal(error.FatalValue))
            : "Retry " + (retry is null ? "<opaque>" : retry(error.RetryValue));

    private static async Promise<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>> NTimesCore<TOk, TRetry, TFatal>(
        RetryAttempts<TOk, TRetry, TFatal> attempts,
        int count)
    {
        // Lwt takes up to `count` attempts with Lwt_stream.nget and keeps the last one; each
        // attempt runs under the storage of the call, as nget's binds restore it.
        CallStorage storage = CallStorage.Capture();
        bool any = false;
        Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)> last = default;
        for (int i = 0; i < count; i++)
        {
            bool more = await attempts.MoveNext();
            storage.Restore();
            if (!more)
            {
                break;
            }

            last = attempts.Current;
            any = true;
        }

        return any ? last : throw new InvalidOperationException("Retry.NTimes: the attempts ended before any was made.");
    }
}
