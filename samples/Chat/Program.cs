// samples/Chat: a line-based chat server written with Lwt_io's Server and channels and one
// Lwt.Stream per member as its outbox. `Chat PORT` listens on 127.0.0.1:PORT (0 picks a free
// port), prints "READY <port>", and serves until killed.
//
//   dotnet run --project samples/Chat -- 7000
//   nc 127.0.0.1 7000      (in two terminals: what one types, the other sees)
//
// Commands: "/nick NAME" renames you, "/quit" leaves; any other line goes to everybody else.

using System;
using System.Globalization;
using System.Net;
using Lwt;
using Lwt.Io;
using Lwt.Samples.Chat;
using Lwt.Unix;

if (args.Length != 1 || !int.TryParse(args[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
{
    Console.Error.WriteLine("usage: Chat PORT");
    return 2;
}

Main.Run(async () =>
{
    var room = new ChatRoom();
    Server server = await room.Listen(new IPEndPoint(IPAddress.Loopback, port));
    Console.WriteLine("READY " + ((IPEndPoint)server.LocalEndPoint).Port.ToString(CultureInfo.InvariantCulture));
    Console.Out.Flush();
    await Promise.Wait().Promise; // serve until the process is killed
});
return 0;
