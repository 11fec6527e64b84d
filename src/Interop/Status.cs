namespace PyRevolveNet.Interop;

/// <summary>
/// What every export returns. Python maps each code to an exception type and attaches
/// the thread's last-error message (see <see cref="Errors"/>).
/// </summary>
public enum Status
{
    Ok = 0,

    /// <summary>A bad argument (Python ValueError).</summary>
    InvalidArgument = 1,

    /// <summary>An argument of the wrong kind (Python TypeError).</summary>
    WrongType = 2,

    /// <summary>The object's state does not allow the call (Python RuntimeError).</summary>
    InvalidState = 3,

    /// <summary>A handle that is unknown, already freed, or of another kind (Python ValueError).</summary>
    InvalidHandle = 4,

    /// <summary>Reading or writing storage failed (Python OSError).</summary>
    IOFailure = 5,

    /// <summary>Not enough memory (Python MemoryError).</summary>
    OutOfMemory = 6,

    /// <summary>A Python callback failed; Python re-raises its own stored exception.</summary>
    CallbackFailed = 7,

    /// <summary>Stored data failed its integrity check (Python pyrevolve_net.CorruptCheckpointError).</summary>
    CorruptData = 8,

    /// <summary>Anything else: a bug (Python RuntimeError with the .NET type and message).</summary>
    Internal = 99,
}
