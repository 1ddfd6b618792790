// Channel.Pipe.cs: a pipe with a channel on each end (Lwt's Lwt_io.pipe).

using Lwt.Unix;

namespace Lwt.Io;

public abstract partial class Channel
{
    /// <summary>
    /// Makes a pipe and a channel on each end (Lwt's <c>Lwt_io.pipe</c>): what is written to
    /// <c>Output</c> is read from <c>Input</c>. Both descriptors are non-blocking; closing a channel
    /// closes its descriptor.
    /// </summary>
    /// <param name="inputBufferSize">The buffer size of the input channel; <see cref="DefaultBufferSize"/> when null.</param>
    /// <param name="outputBufferSize">The buffer size of the output channel; <see cref="DefaultBufferSize"/> when null.</param>
    /// <param name="closeOnExec">Whether the descriptors are closed in a child process after exec.</param>
    /// <returns>The two channels.</returns>
    /// <exception cref="UnixException"><c>pipe2</c> failed (EMFILE...).</exception>
    /// <exception cref="System.ArgumentOutOfRangeException">A buffer size is below <see cref="MinBufferSize"/>; no descriptor is left open.</exception>
    public static (InputChannel Input, OutputChannel Output) Pipe(int? inputBufferSize = null, int? outputBufferSize = null, bool closeOnExec = true)
    {
        if (inputBufferSize is int i)
        {
            CheckBufferSize(i, nameof(inputBufferSize));
        }

        if (outputBufferSize is int o)
        {
            CheckBufferSize(o, nameof(outputBufferSize));
        }

        (FileDescriptor read, FileDescriptor write) = FileDescriptor.Pipe(closeOnExec);
        return (InputChannel.FromDescriptor(read, inputBufferSize), OutputChannel.FromDescriptor(write, outputBufferSize));
    }
}
