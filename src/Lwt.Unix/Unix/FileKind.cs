namespace Lwt.Unix;

/// <summary>The kind of a file (Lwt's <c>Lwt_unix.file_kind</c>).</summary>
public enum FileKind
{
    /// <summary>A regular file (<c>S_REG</c>).</summary>
    Regular,

    /// <summary>A directory (<c>S_DIR</c>).</summary>
    Directory,

    /// <summary>A character device (<c>S_CHR</c>).</summary>
    CharacterDevice,

    /// <summary>A block device (<c>S_BLK</c>).</summary>
    BlockDevice,

    /// <summary>A symbolic link (<c>S_LNK</c>); only <see cref="LwtUnix.Lstat"/> reports it.</summary>
    SymbolicLink,

    /// <summary>A named pipe (<c>S_FIFO</c>).</summary>
    Fifo,

    /// <summary>A socket (<c>S_SOCK</c>).</summary>
    Socket,
}
