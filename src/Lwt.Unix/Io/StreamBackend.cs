// StreamBackend.cs: the read, write and close functions of channels over a System.IO.Stream
// (InputChannel.FromStream, OutputChannel.FromStream).
//
// A Stream's async calls return ValueTasks that may complete on any thread; Promise.FromTask
// brings each completion back to the loop through its SynchronizationContext, so the loop never
// blocks and the channel is only touched on its thread. The promises are made non-cancelable:
// a channel aborted during a call must not give its buffer back to the pool while the Stream may
// still write into it (ChannelCore waits for the call to settle); the close function cancels the
// token the calls were given instead, which ends them, and waits for the call to settle before
// disposing the stream, so that no completion arrives after the channel's close has resolved.

using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Lwt.Io;

using Stream = System.IO.Stream;

internal sealed class StreamBackend(Stream stream, bool leaveOpen) : IDisposable
{
    private readonly CancellationTokenSource _closing = new();
    private Promise? _inFlight;

    internal Promise<int> Read(Memory<byte> buffer)
    {
        ValueTask<int> read = stream.ReadAsync(buffer, _closing.Token);
        if (read.IsCompletedSuccessfully)
        {
            return Promise.Return(read.Result);
        }

        Promise<int> p = Promise.FromTask(read.AsTask()).NoCancel();
        _inFlight = p;
        return p;
    }

    /// <summary>Writes the whole buffer and flushes the stream, so that the channel's Flush reaches the stream's backend.</summary>
    internal Promise<int> Write(ReadOnlyMemory<byte> buffer)
    {
        Promise<int> p = WriteCore(buffer);
        _inFlight = p;
        return p;
    }

    private async Promise<int> WriteCore(ReadOnlyMemory<byte> buffer)
    {
        await Promise.FromValueTask(stream.WriteAsync(buffer, _closing.Token)).NoCancel();
        await Promise.FromTask(stream.FlushAsync(_closing.Token)).NoCancel();
        return buffer.Length;
    }

    internal Promise<long> Seek(long offset, SeekOrigin origin) =>
        stream.CanSeek
            ? Promise.Return(stream.Seek(offset, origin))
            : Promise.Fail<long>(new NotSupportedException("The stream under this channel cannot seek (Stream.CanSeek is false)."));

    public void Dispose() => _closing.Dispose();

    internal Promise Close()
    {
        _closing.Cancel();
        Promise? inFlight = _inFlight;
        return inFlight is { IsPending: true }
            ? Promise.Catch(() => inFlight, static _ => Promise.Unit).Bind(Release)
            : Release();
    }

    private Promise Release()
    {
        Dispose();
        return leaveOpen ? Promise.Unit : Promise.FromValueTask(stream.DisposeAsync());
    }
}
