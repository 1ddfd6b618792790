// StreamValueTaskSource.cs: the ReadValueTaskSource of a stream's reads (Promise<Option<T>>), for
// IAsyncEnumerator.MoveNextAsync and ChannelReader.WaitToReadAsync.

using System.Runtime.CompilerServices;
using System.Threading.Tasks;
using Lwt.Internal;

namespace Lwt;

/// <summary>Turns one pending <c>Promise&lt;Option&lt;T&gt;&gt;</c> read at a time into a <see cref="ValueTask{TResult}"/> of "has a value".</summary>
/// <typeparam name="T">The type of the elements.</typeparam>
internal sealed class StreamValueTaskSource<T> : ReadValueTaskSource
{
    /// <summary>The value of the last read that had one.</summary>
    internal T Value { get; private set; } = default!;

    /// <summary>Waits for <paramref name="read"/>, a pending read: true with <see cref="Value"/> set for Some, false for None.</summary>
    internal ValueTask<bool> Await(Promise<Option<T>> read) => AwaitRead(read);

    internal override bool TakeValue(Promise source)
    {
        Option<T> x = Unsafe.As<Promise<Option<T>>>(source)._value;
        if (x.TryGetValue(out T value))
        {
            Value = value;
        }

        return x.HasValue;
    }
}
