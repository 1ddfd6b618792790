// UnixException.cs: a failed system call (Lwt's Unix.Unix_error): which errno, which call,
// which argument.

using System;
using System.Runtime.InteropServices;
using Lwt.Unix.Native;

namespace Lwt.Unix;

/// <summary>
/// A system call failed (OCaml's <c>Unix.Unix_error (errno, call, argument)</c>). The message
/// names the call, its argument when there is one, and the text of <c>strerror</c>.
/// </summary>
public class UnixException : Exception
{
    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="errno">The error number.</param>
    /// <param name="call">The system call, e.g. <c>epoll_ctl</c>.</param>
    /// <param name="argument">The argument that failed (a path, a descriptor), or empty.</param>
    public UnixException(int errno, string call, string argument)
        : base(Describe(errno, call, argument))
    {
        Errno = errno;
        Call = call;
        Argument = argument;
    }

    /// <summary>Creates the exception with a message only; prefer the errno constructor.</summary>
    public UnixException()
        : this(0, "", "")
    {
    }

    /// <summary>Creates the exception with a message only; prefer the errno constructor.</summary>
    /// <param name="message">The message.</param>
    public UnixException(string message)
        : base(message)
    {
        Call = "";
        Argument = "";
    }

    /// <summary>Creates the exception with a message and a cause; prefer the errno constructor.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public UnixException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "";
        Argument = "";
    }

    /// <summary>The error number (<c>errno</c>).</summary>
    public int Errno { get; }

    /// <summary>The system call that failed.</summary>
    public string Call { get; }

    /// <summary>The argument of the call, or empty.</summary>
    public string Argument { get; }

    /// <summary>Throws for the errno the last system call left.</summary>
    internal static UnixException FromLastError(string call, string argument = "") =>
        new(Marshal.GetLastPInvokeError(), call, argument);

    private static string Describe(int errno, string call, string argument)
    {
        string text = Marshal.PtrToStringUTF8(Libc.strerror(errno)) ?? ("errno " + errno);
        return argument.Length == 0 ? $"{call}: {text} (errno {errno})" : $"{call}({argument}): {text} (errno {errno})";
    }
}
