// samples/Request: the program of Lwt's README in C#. It fetches a page, races the fetch against a
// 5-second timeout with Promise.Pick, and prints the body or "Timeout" (the loser is canceled).
// No outside network exists here, so by default it serves the page itself on 127.0.0.1.
//
//   dotnet run --project samples/Request                      # prints the body
//   dotnet run --project samples/Request -- --delay-ms 6000   # its server answers late: "Timeout"
//   dotnet run --project samples/Request -- --url http://127.0.0.1:8080/path

using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lwt;
using Lwt.Io;
using Lwt.Unix;

int delayMs = 0;
Uri? url = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--delay-ms" when i + 1 < args.Length:
            delayMs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            break;
        case "--url" when i + 1 < args.Length:
            url = new Uri(args[++i]);
            break;
        default:
            Console.Error.WriteLine("usage: Request [--url http://127.0.0.1:PORT/path] [--delay-ms N]");
            return 2;
    }
}

return Main.Run(async () =>
{
    FileDescriptor? server = null;
    IPEndPoint endpoint;
    string path = "/";
    if (url is null)
    {
        server = PageServer.Start(delayMs);
        endpoint = (IPEndPoint)server.GetSockName();
    }
    else
    {
        endpoint = new IPEndPoint(IPAddress.Parse(url.Host), url.Port);
        path = url.PathAndQuery;
    }

    // Lwt: Lwt.pick [fetch >|= Option.some; Lwt_unix.sleep 5.0 >|= fun () -> None]
    Promise<string?> fetch = Http.Get(endpoint, path).Map(body => (string?)body);
    Promise<string?> timeout = Time.Sleep(TimeSpan.FromSeconds(5)).Map(() => (string?)null);
    string? result = await Promise.Pick(fetch, timeout);
    Console.WriteLine(result ?? "Timeout");
    server?.Close();
    return 0;
});

/// <summary>A minimal HTTP/1.1 client over our sockets and channels.</summary>
internal static class Http
{
    internal static async Promise<string> Get(IPEndPoint endpoint, string path)
    {
        FileDescriptor socket = FileDescriptor.Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var input = InputChannel.FromDescriptor(socket, close: () => Promise.Unit);
        var output = OutputChannel.FromDescriptor(socket);
        try
        {
            await socket.ConnectAsync(endpoint);
            await output.Write($"GET {path} HTTP/1.1\r\nHost: {endpoint}\r\nConnection: close\r\n\r\n");
            await output.Flush();
            string status = await input.ReadLine();
            if (!status.StartsWith("HTTP/1.", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("Not an HTTP response: " + status);
            }

            // Skip the headers; the body runs to the end of the connection (Connection: close).
            while ((await input.ReadLine()).Length != 0)
            {
            }

            return await input.ReadAll();
        }
        finally
        {
            _ = input.Close();
            _ = output.Close();
        }
    }
}

/// <summary>The local page server: answers every GET with a small page, after an optional delay.</summary>
internal static class PageServer
{
    private const string Page = "<html><body>Hello from Lwt for .NET</body></html>";

    internal static FileDescriptor Start(int delayMs)
    {
        FileDescriptor listener = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        Promise.DontWait(() => AcceptLoop(listener, delayMs), _ => { });
        return listener;
    }

    private static async Promise AcceptLoop(FileDescriptor listener, int delayMs)
    {
        while (true)
        {
            // Closing the listener rejects the pending accept: that ends the loop.
            (FileDescriptor client, _) = await listener.AcceptAsync();
            Promise.DontWait(() => Serve(client, delayMs), _ => { });
        }
    }

    private static async Promise Serve(FileDescriptor client, int delayMs)
    {
        var input = InputChannel.FromDescriptor(client, close: () => Promise.Unit);
        var output = OutputChannel.FromDescriptor(client);
        try
        {
            while ((await input.ReadLine()).Length != 0)
            {
            }

            if (delayMs > 0)
            {
                await Time.Sleep(TimeSpan.FromMilliseconds(delayMs));
            }

            await output.Write($"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {Page.Length}\r\nConnection: close\r\n\r\n{Page}");
            await output.Flush();
        }
        finally
        {
            _ = input.Close();
            _ = output.Close();
        }
    }
}
