// samples/EchoServer: an echo server written the way a user writes one with Lwt_io channels,
// for the peers harness: `EchoServer PORT` listens on 127.0.0.1:PORT, prints READY, and echoes
// every byte of every connection until the client closes it.
//
//   dotnet run -c Release --project samples/EchoServer -- 7000
//   ../shared/peers/run echo --server "dotnet /abs/path/EchoServer.dll" --label lwt-dotnet

using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Lwt;
using Lwt.Io;
using Lwt.Unix;

if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
{
    Console.Error.WriteLine("usage: EchoServer PORT");
    return 2;
}

Main.Run(() =>
{
    FileDescriptor listener = FileDescriptor.Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    listener.SetSocketOption(SocketBoolOption.ReuseAddress, true);
    listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
    listener.Listen(1024);
    Console.WriteLine("READY");
    Console.Out.Flush();
    return Echo.AcceptLoop(listener);
});
return 0;

/// <summary>Accepts connections and echoes each through a pair of channels.</summary>
internal static class Echo
{
    internal static async Promise AcceptLoop(FileDescriptor listener)
    {
        while (true)
        {
            (FileDescriptor client, _) = await listener.AcceptAsync();
            client.SetSocketOption(SocketBoolOption.TcpNoDelay, true);

            // A connection that fails (reset by the peer) ends on its own; the server goes on.
            Promise.DontWait(() => Serve(client), _ => { });
        }
    }

    private static async Promise Serve(FileDescriptor client)
    {
        var input = InputChannel.FromDescriptor(client, close: () => Promise.Unit);
        var output = OutputChannel.FromDescriptor(client);
        byte[] buffer = new byte[4096];
        try
        {
            while (true)
            {
                int n = await input.ReadInto(buffer);
                if (n == 0)
                {
                    return;
                }

                await output.WriteFromExactly(buffer.AsMemory(0, n));

                // Flush once nothing more is buffered to read: pipelined requests share a write.
                if (input.Buffered == 0)
                {
                    await output.Flush();
                }
            }
        }
        finally
        {
            _ = input.Close();
            _ = output.Close();
        }
    }
}
