// ChannelStream.cs: a System.IO.Stream over a pair of channels, so that .NET code written
// against Stream (SslStream, compression, serializers) runs over our sockets and pipes.
//
// Threads. The channels belong to their loop's thread. Stream callers often are not on it: an
// SslStream continues on pool threads (its awaits use ConfigureAwait(false)). So each async call
// checks the thread: on the loop it runs the channel operation directly and hands back its
// promise as a ValueTask; from another thread it posts the operation to the loop
// (PostFromAnyThread) and completes a TaskCompletionSource there. Synchronous Read/Write/Flush
// would block the thread they run on until the loop does the work, which deadlocks on the loop
// thread itself: there they throw NotSupportedException; on other threads they wait.

using System;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Lwt.Unix;

namespace Lwt.Io;

using Stream = System.IO.Stream;

/// <summary>
/// A <see cref="Stream"/> that reads from an <see cref="InputChannel"/> and writes to an
/// <see cref="OutputChannel"/> (not in Lwt), for .NET APIs that take a stream, e.g.
/// <see cref="System.Net.Security.SslStream"/> over <see cref="Connection.Open"/>'s channels.
/// </summary>
/// <remarks>
/// <para>The async methods may be called from any thread: off the channels' loop they are posted to
/// it, so the loop must be running (inside <see cref="Main.Run{T}(Func{Promise{T}})"/>) for them to
/// complete. The synchronous <see cref="Read(byte[], int, int)"/>, <see cref="Write(byte[], int, int)"/>
/// and <see cref="Flush"/> throw <see cref="NotSupportedException"/> on the loop's thread, where waiting
/// would block the loop forever, and wait for the loop elsewhere.</para>
/// <para>Writes are buffered by the output channel and reach the peer on <see cref="FlushAsync(CancellationToken)"/>
/// or by the channel's auto-flush one loop iteration later. Errors of the channels (<see cref="ChannelClosedException"/>,
/// <see cref="UnixException"/>) reach the caller as they are. A token canceled before the call
/// cancels it before it starts, so no bytes move; one canceled while the operation waits cancels
/// that operation. Either way the task is canceled with that token.</para>
/// </remarks>
[DebuggerDisplay("ChannelStream, read = {CanRead}, write = {CanWrite}")]
public sealed class ChannelStream : Stream
{
    private readonly InputChannel? _input;
    private readonly OutputChannel? _output;
    private readonly bool _leaveOpen;
    private readonly EventLoop _loop;
    private bool _disposed;

    /// <summary>Makes a stream over <paramref name="input"/> and/or <paramref name="output"/>, on the current thread's loop.</summary>
    /// <param name="input">Where reads come from; null for a write-only stream.</param>
    /// <param name="output">Where writes go; null for a read-only stream.</param>
    /// <param name="leaveOpen">When false (the default), disposing the stream closes the channels (the output is flushed first).</param>
    /// <exception cref="ArgumentException">Both channels are null.</exception>
    public ChannelStream(InputChannel? input, OutputChannel? output, bool leaveOpen = false)
    {
        if (input is null && output is null)
        {
            throw new ArgumentException("A ChannelStream needs an input channel, an output channel, or both.", nameof(input));
        }

        _input = input;
        _output = output;
        _leaveOpen = leaveOpen;
        _loop = EventLoop.Current;
    }

    /// <summary>True when there is an input channel and the stream is not disposed.</summary>
    public override bool CanRead => _input is not null && !_disposed;

    /// <summary>True when there is an output channel and the stream is not disposed.</summary>
    public override bool CanWrite => _output is not null && !_disposed;

    /// <summary>False: channels over sockets do not seek through this stream.</summary>
    public override bool CanSeek => false;

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Length => throw new NotSupportedException("A ChannelStream cannot seek.");

    /// <summary>Not supported.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Position
    {
        get => throw new NotSupportedException("A ChannelStream cannot seek.");
        set => throw new NotSupportedException("A ChannelStream cannot seek.");
    }

    private bool OnLoopThread => Environment.CurrentManagedThreadId == _loop.ThreadId;

    /// <summary>Reads up to <c>buffer.Length</c> bytes (<see cref="InputChannel.ReadInto"/>).</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="cancellationToken">Cancels the read before it starts or while it waits; the task is then canceled with this token and nothing was read.</param>
    /// <returns>The number of bytes read; 0 at end of input. Faulted with the channel's errors (<see cref="ChannelClosedException"/>, <see cref="UnixException"/>).</returns>
    /// <exception cref="NotSupportedException">The stream has no input channel.</exception>
    /// <exception cref="ObjectDisposedException">The stream is disposed.</exception>
    [SuppressMessage("ApiDesign", "RS0027", Justification = "Stream's own signature, default included.")]
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        InputChannel input = Input();
        return OnLoop(() => input.ReadInto(buffer), cancellationToken);
    }

    /// <summary>Reads up to <paramref name="count"/> bytes into <paramref name="buffer"/> at <paramref name="offset"/>; see <see cref="ReadAsync(Memory{byte}, CancellationToken)"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <param name="cancellationToken">Cancels a read that waits.</param>
    /// <returns>The number of bytes read; 0 at end of input.</returns>
    /// <exception cref="ArgumentException">The range is outside <paramref name="buffer"/>.</exception>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Writes all of <paramref name="buffer"/> into the output channel (<see cref="OutputChannel.WriteFromExactly"/>).</summary>
    /// <param name="buffer">The bytes; used until the task completes.</param>
    /// <param name="cancellationToken">Cancels the write before it starts (nothing written) or while it waits for room (part of the bytes may have been written); the task is then canceled with this token.</param>
    /// <returns>Completes once the bytes are buffered (see the class remarks on flushing). Faulted with the channel's errors.</returns>
    /// <exception cref="NotSupportedException">The stream has no output channel.</exception>
    /// <exception cref="ObjectDisposedException">The stream is disposed.</exception>
    [SuppressMessage("ApiDesign", "RS0027", Justification = "Stream's own signature, default included.")]
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        OutputChannel output = Output();
        return new ValueTask(OnLoop(() => output.WriteFromExactly(buffer).Map(static () => true), cancellationToken).AsTask());
    }

    /// <summary>Writes <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>; see <see cref="WriteAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many.</param>
    /// <param name="cancellationToken">Cancels a write that waits.</param>
    /// <returns>Completes once the bytes are buffered.</returns>
    /// <exception cref="ArgumentException">The range is outside <paramref name="buffer"/>.</exception>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Flushes the output channel (<see cref="OutputChannel.Flush"/>); nothing for a read-only stream.</summary>
    /// <param name="cancellationToken">Cancels the flush before it starts or while it waits (bytes written so far stay written); the task is then canceled with this token.</param>
    /// <returns>Completes once the channel's buffer is written out. Faulted with the channel's errors.</returns>
    /// <exception cref="ObjectDisposedException">The stream is disposed.</exception>
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_output is not OutputChannel output)
        {
            return Task.CompletedTask;
        }

        return OnLoop(() => output.Flush().Map(static () => true), cancellationToken).AsTask();
    }

    /// <summary>Reads synchronously, waiting for the loop; see the class remarks.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">The most bytes to read.</param>
    /// <returns>The number of bytes read; 0 at end of input.</returns>
    /// <exception cref="NotSupportedException">Called on the loop's thread (it would block the loop), or no input channel.</exception>
    public override int Read(byte[] buffer, int offset, int count)
    {
        ThrowIfOnLoop(nameof(ReadAsync));
        return ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Writes synchronously, waiting for the loop; see the class remarks.</summary>
    /// <param name="buffer">The bytes.</param>
    /// <param name="offset">Where in <paramref name="buffer"/>.</param>
    /// <param name="count">How many.</param>
    /// <exception cref="NotSupportedException">Called on the loop's thread (it would block the loop), or no output channel.</exception>
    public override void Write(byte[] buffer, int offset, int count)
    {
        ThrowIfOnLoop(nameof(WriteAsync));
        WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Flushes synchronously, waiting for the loop; see the class remarks.</summary>
    /// <exception cref="NotSupportedException">Called on the loop's thread with an output channel (it would block the loop).</exception>
    public override void Flush()
    {
        if (_output is null || _disposed)
        {
            return;
        }

        ThrowIfOnLoop(nameof(FlushAsync));
        FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Not supported.</summary>
    /// <param name="offset">Ignored.</param>
    /// <param name="origin">Ignored.</param>
    /// <returns>Never returns.</returns>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A ChannelStream cannot seek.");

    /// <summary>Not supported.</summary>
    /// <param name="value">Ignored.</param>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override void SetLength(long value) => throw new NotSupportedException("A ChannelStream cannot seek.");

    /// <summary>Closes the channels (unless left open) and waits for the output's final flush.</summary>
    /// <returns>Completes when both channels are closed; close errors are ignored, as for <see cref="Channel.DisposeAsync"/>.</returns>
    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                try
                {
                    await OnLoop(CloseChannels, CancellationToken.None);
                }
                catch (ObjectDisposedException)
                {
                    // The loop is gone, as for Dispose: nothing is left to flush the channels.
                }
            }
        }

        await base.DisposeAsync();
    }

    /// <summary>Starts closing the channels (unless left open) without waiting: use <see cref="DisposeAsync"/> to wait.</summary>
    /// <param name="disposing">True from <see cref="Stream.Dispose()"/>.</param>
    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                try
                {
                    _ = OnLoop(CloseChannels, CancellationToken.None).AsTask();
                }
                catch (ObjectDisposedException)
                {
                    // The loop is gone; so are its channels' chances of being flushed.
                }
            }
        }

        base.Dispose(disposing);
    }

    private Promise<bool> CloseChannels()
    {
        Promise input = _input is null ? Promise.Unit : Promise.Catch(_input.Close, static _ => Promise.Unit);
        Promise output = _output is null ? Promise.Unit : Promise.Catch(_output.Close, static _ => Promise.Unit);
        return Promise.Join(input, output).Map(static () => true);
    }

    private InputChannel Input()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _input ?? throw new NotSupportedException("This ChannelStream has no input channel.");
    }

    private OutputChannel Output()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _output ?? throw new NotSupportedException("This ChannelStream has no output channel.");
    }

    private void ThrowIfOnLoop(string asyncName)
    {
        if (OnLoopThread)
        {
            throw new NotSupportedException($"A synchronous call on a ChannelStream would block its event loop's thread; use {asyncName}.");
        }
    }

    /// <summary>
    /// Runs <paramref name="operation"/> on the loop's thread and hands its outcome back as a
    /// ValueTask. As .NET's own streams do, a token already canceled cancels the call before it
    /// starts (no bytes move), and a call canceled while it waits is canceled with the caller's
    /// token, so that <c>catch (OperationCanceledException e) when (e.CancellationToken == token)</c> works.
    /// </summary>
    private ValueTask<T> OnLoop<T>(Func<Promise<T>> operation, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<T>(cancellationToken);
        }

        TaskCompletionSource<T> completion;
        if (OnLoopThread)
        {
            Promise<T> p = operation();
            if (!cancellationToken.CanBeCanceled || !p.IsPending)
            {
                return p.AsValueTask();
            }

            completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = Complete(p.WithCancellation(cancellationToken), completion, cancellationToken);
            return new ValueTask<T>(completion.Task);
        }

        completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.PostFromAnyThread(
            _ =>
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    completion.TrySetCanceled(cancellationToken);
                    return;
                }

                Promise<T> p;
                try
                {
                    p = operation();
                    if (cancellationToken.CanBeCanceled)
                    {
                        p = p.WithCancellation(cancellationToken);
                    }
                }
                catch (Exception e)
                {
                    completion.TrySetException(e);
                    return;
                }

                _ = Complete(p, completion, cancellationToken);
            },
            null);
        return new ValueTask<T>(completion.Task);
    }

    private static async Promise Complete<T>(Promise<T> p, TaskCompletionSource<T> completion, CancellationToken cancellationToken)
    {
        try
        {
            completion.TrySetResult(await p);
        }
        catch (OperationCanceledException e)
        {
            completion.TrySetCanceled(cancellationToken.IsCancellationRequested ? cancellationToken : e.CancellationToken);
        }
        catch (Exception e)
        {
            completion.TrySetException(e);
        }
    }
}
