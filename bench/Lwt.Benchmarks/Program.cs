// Program.cs: `--quick [workload...]` runs the small RESULT-line harness (QuickRunner.cs);
// anything else goes to BenchmarkDotNet, e.g. `--filter '*ResolveAwait*' --job short`.

using System;
using BenchmarkDotNet.Running;

namespace Lwt.Benchmarks;

/// <summary>The entry point.</summary>
public static class Program
{
    /// <summary>Runs --quick or BenchmarkDotNet.</summary>
    /// <param name="args">The command line.</param>
    /// <returns>The exit code.</returns>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Array.IndexOf(args, "--quick") >= 0)
        {
            return QuickRunner.Run(args);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
