namespace Lwt.Unix;

/// <summary>Which queue <see cref="FileDescriptor.TcflushAsync"/> discards (OCaml's <c>Unix.flush_queue</c>).</summary>
public enum TerminalFlushTarget
{
    /// <summary>Data received but not read (<c>TCIFLUSH</c>).</summary>
    Input = 0,

    /// <summary>Data written but not transmitted (<c>TCOFLUSH</c>).</summary>
    Output = 1,

    /// <summary>Both (<c>TCIOFLUSH</c>).</summary>
    Both = 2,
}
