// RetryAttempts.cs: the on-demand sequence of attempts that Lwt_retry.on_error makes. Lwt
// returns an Lwt_stream; until the stream port lands, this is the small pull interface the
// retry combinators need: each MoveNext makes (at most) one attempt.

using System;

namespace Lwt;

/// <summary>
/// The attempts of a retryable computation, made one per <see cref="MoveNext"/> (Lwt_retry's
/// stream of <c>attempt</c>s). Each attempt is <c>Ok(value)</c>, or <c>Error</c> with the
/// <see cref="RetryError{TRetry, TFatal}"/> and the attempt's 1-based number. The sequence ends
/// after an <c>Ok</c> or a <c>Fatal</c> error; after a <c>Retry</c> error the next
/// <see cref="MoveNext"/> tries again. Made by <see cref="Retry.OnError"/>.
/// </summary>
/// <typeparam name="TOk">The type of the value.</typeparam>
/// <typeparam name="TRetry">The type of a retryable error.</typeparam>
/// <typeparam name="TFatal">The type of a fatal error.</typeparam>
public sealed class RetryAttempts<TOk, TRetry, TFatal>
{
    private readonly Func<Promise<Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>>> _next;
    private bool _busy;
    private bool _hasCurrent;
    private Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)> _current;

    // `next` gives Ok(attempt), or Error(_) once the sequence is over.
    internal RetryAttempts(Func<Promise<Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>>> next) => _next = next;

    /// <summary>The attempt that the last fulfilled <see cref="MoveNext"/> made.</summary>
    /// <exception cref="InvalidOperationException">No attempt has been made, or the sequence has ended.</exception>
    public Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)> Current =>
        _hasCurrent ? _current : throw new InvalidOperationException("RetryAttempts.Current: there is no current attempt; call MoveNext first.");

    /// <summary>
    /// Makes the next attempt, unless the sequence has ended (Lwt_stream's <c>get</c> on the stream of attempts).
    /// </summary>
    /// <returns>
    /// A promise of true once the attempt is made (read it from <see cref="Current"/>), or of false
    /// once the sequence has ended, without calling the computation. Rejected if the computation
    /// throws or is rejected; the attempt number is used all the same.
    /// </returns>
    /// <remarks>Canceling the result cancels the attempt (or the sleep, after <see cref="Retry.WithSleep"/>).</remarks>
    /// <exception cref="InvalidOperationException">The previous <see cref="MoveNext"/> is still pending.</exception>
    public Promise<bool> MoveNext()
    {
        if (_busy)
        {
            throw new InvalidOperationException("RetryAttempts.MoveNext: the previous attempt is still pending.");
        }

        _busy = true;
        _hasCurrent = false;
        Promise<Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>> next;
        try
        {
            next = _next() ?? Promise.NullPromise<Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>>("RetryAttempts");
        }
        catch (Exception e) when (ExceptionFilter.Handles(e))
        {
            next = Promise.Fail<Result<Result<TOk, (RetryError<TRetry, TFatal> Error, int Attempt)>, bool>>(e);
        }

        return next.TryBind(
            r =>
            {
                _busy = false;
                _hasCurrent = r.IsOk;
                _current = r.IsOk ? r.Value : default;
                return r.IsOk ? Promise.True : Promise.False;
            },
            e =>
            {
                _busy = false;
                return Promise.Fail<bool>(e);
            });
    }
}
