using System;
using System.IO;

namespace Lwt.Unix.Tests.Infrastructure;

/// <summary>A fresh folder under /tmp for one test, removed with everything in it on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    internal TempFolder() => Path = Directory.CreateTempSubdirectory("lwt-files-").FullName;

    internal string Path { get; }

    /// <summary>Runs <paramref name="body"/> under Main.Run on a fresh loop thread, with a temp folder it removes.</summary>
    internal static void Run(Func<TempFolder, Promise> body) =>
        LoopThread.Run(() =>
        {
            using var dir = new TempFolder();
            Main.Run(() => body(dir));
        });

    internal string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
