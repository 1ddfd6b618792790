// ChooseInputFailure.cs: how Stream.Choose carries the failure of one input's read through
// Promise.Choose, which prefers a rejected input to fulfilled ones (Lwt's rule); it never leaves
// Stream.Choose, which rethrows the input's own error.

using System;

namespace Lwt;

/// <summary>The read of one input of <see cref="Stream.Choose{T}(System.Collections.Generic.IEnumerable{Stream{T}})"/> failed with <see cref="Error"/>.</summary>
internal sealed class ChooseInputFailure : Exception
{
    internal ChooseInputFailure(object input, Exception error)
        : base("A read of an input of Stream.Choose failed.", error)
    {
        Input = input;
        Error = error;
    }

    /// <summary>The input stream whose read failed.</summary>
    internal object Input { get; }

    /// <summary>The read's error.</summary>
    internal Exception Error { get; }
}
