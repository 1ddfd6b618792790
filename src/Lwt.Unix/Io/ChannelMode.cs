namespace Lwt.Io;

/// <summary>The direction of a channel (Lwt's <c>Lwt_io.mode</c>).</summary>
public enum ChannelMode
{
    /// <summary>An <see cref="InputChannel"/>: data is read from it.</summary>
    Input = 0,

    /// <summary>An <see cref="OutputChannel"/>: data is written to it.</summary>
    Output = 1,
}
