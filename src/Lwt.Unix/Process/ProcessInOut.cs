using System;
using Lwt.Io;
using Lwt.Unix;

namespace Lwt.Process;

/// <summary>
/// A child with pipes to its standard input and from its standard output (Lwt's <c>Lwt_process.process</c>);
/// made by <see cref="LwtProcess.OpenProcess"/>.
/// </summary>
public sealed class ProcessInOut : ProcessNone
{
    internal ProcessInOut(WatchedChild child, TimeSpan? timeout, OutputChannel stdin, InputChannel stdout)
        : base(child, timeout, stdin, stdout)
    {
        Stdin = stdin;
        Stdout = stdout;
    }

    /// <summary>The child's standard input (Lwt's <c>#stdin</c>).</summary>
    public OutputChannel Stdin { get; }

    /// <summary>The child's standard output (Lwt's <c>#stdout</c>).</summary>
    public InputChannel Stdout { get; }
}
