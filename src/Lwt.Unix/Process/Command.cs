// Command.cs: a program and its argument vector (Lwt_process.command), and shell commands.

using System;
using System.Collections.Generic;

namespace Lwt.Process;

/// <summary>
/// A command (Lwt's <c>Lwt_process.command</c>, <c>string * string array</c>): the program to run and
/// its whole argument vector, <c>argv[0]</c> included: <c>new Command("ls", ["ls", "-l"])</c>.
/// </summary>
/// <remarks>
/// As in Lwt, an empty <see cref="Program"/> means <c>argv[0]</c>; a program without a <c>/</c> is searched
/// in <c>PATH</c> (Lwt's <c>execvp</c>). Lwt's Windows-only <c>"\000"</c> argument splitting does not
/// exist: no string may contain a NUL character.
/// </remarks>
public sealed class Command
{
    private readonly string[] _arguments;

    /// <summary>Makes a command from a program and its whole argument vector.</summary>
    /// <param name="program">The program, or empty for <c>arguments[0]</c>.</param>
    /// <param name="arguments">The argument vector, <c>argv[0]</c> first.</param>
    /// <exception cref="ArgumentNullException">An argument or one of the strings is null.</exception>
    /// <exception cref="ArgumentException">
    /// A string contains a NUL character, or <paramref name="program"/> is empty and <paramref name="arguments"/> is too.
    /// </exception>
    public Command(string program, IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        _arguments = [.. arguments];
        CheckText(program, nameof(program));
        foreach (string argument in _arguments)
        {
            ArgumentNullException.ThrowIfNull(argument, nameof(arguments));
            CheckText(argument, nameof(arguments));
        }

        if (program.Length == 0 && (_arguments.Length == 0 || _arguments[0].Length == 0))
        {
            throw new ArgumentException("A command needs a program: give one, or a non-empty argv[0].", nameof(program));
        }

        Program = program;
    }

    /// <summary>The program as given (may be empty: then <c>Arguments[0]</c> is run).</summary>
    public string Program { get; }

    /// <summary>The argument vector, <c>argv[0]</c> first.</summary>
    public IReadOnlyList<string> Arguments => _arguments;

    /// <summary>The program that is run: <see cref="Program"/>, or <c>argv[0]</c> when it is empty.</summary>
    internal string Executable => Program.Length != 0 ? Program : _arguments[0];

    /// <summary>
    /// A command run by the shell (Lwt's <c>Lwt_process.shell</c>): <c>/bin/sh -c commandLine</c>.
    /// </summary>
    /// <param name="commandLine">The shell text.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="commandLine"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="commandLine"/> contains a NUL character.</exception>
    public static Command Shell(string commandLine)
    {
        ArgumentNullException.ThrowIfNull(commandLine);
        return new Command("/bin/sh", ["/bin/sh", "-c", commandLine]);
    }

    /// <summary>
    /// The usual shape: <paramref name="program"/> (searched in <c>PATH</c>) with <c>argv[0]</c> set to it,
    /// then <paramref name="arguments"/>: <c>Command.Of("grep", "-c", "7")</c>.
    /// </summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">The arguments after <c>argv[0]</c>.</param>
    /// <returns>The command.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="program"/> is empty, or a string contains a NUL character.</exception>
    public static Command Of(string program, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(program);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentException.ThrowIfNullOrEmpty(program);
        return new Command(program, [program, .. arguments]);
    }

    /// <inheritdoc/>
    public override string ToString() => Program + " [" + string.Join(", ", _arguments) + "]";

    private static void CheckText(string text, string paramName)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("A command's strings cannot contain a NUL character.", paramName);
        }
    }
}
