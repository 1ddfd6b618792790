namespace Lwt;
