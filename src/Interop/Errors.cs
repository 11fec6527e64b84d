using System.Text;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Interop;

/// <summary>
/// Turns exceptions into status codes plus a per-thread last-error message, so that no .NET exception ever
/// crosses the C boundary (on Linux the runtime would abort the process).
/// </summary>
internal static class Errors
{
    [ThreadStatic]
    private static string? s_lastError;

    public static string LastError => s_lastError ?? string.Empty;

    public static Status Fail(Status status, string message)
    {
        s_lastError = message;
        return status;
    }

    /// <summary>Maps an exception escaping Core to a status and records its message.</summary>
    public static Status From(Exception exception)
    {
        var status = exception switch
        {
            CallbackException => Status.CallbackFailed,
            ScheduleParameterException or ArgumentException => Status.InvalidArgument,
            InvalidCastException => Status.WrongType,
            InvalidDataException => Status.CorruptData,
            ObjectDisposedException or InvalidOperationException or NotSupportedException => Status.InvalidState,
            IOException or UnauthorizedAccessException => Status.IOFailure,
            OutOfMemoryException or InsufficientExecutionStackException => Status.OutOfMemory,
            _ => Status.Internal,
        };
        var message = status == Status.Internal
            ? $"{exception.GetType().FullName}: {exception.Message}\n{exception.StackTrace}"
            : exception.Message;
        return Fail(status, message);
    }

    /// <summary>Copies the last error as UTF-8 into <paramref name="buffer"/>; returns the full length in bytes.</summary>
    public static unsafe int CopyLastError(byte* buffer, int capacity)
    {
        var bytes = Encoding.UTF8.GetBytes(LastError);
        if (buffer != null && capacity > 0)
        {
            var n = Math.Min(bytes.Length, capacity);
            bytes.AsSpan(0, n).CopyTo(new Span<byte>(buffer, capacity));
        }

        return bytes.Length;
    }
}

/// <summary>Thrown by the bridge when a Python callback reported failure; Python holds the real exception.</summary>
internal sealed class CallbackException : Exception
{
    public CallbackException()
        : base("a Python callback raised an exception")
    {
    }

    public CallbackException(string message)
        : base(message)
    {
    }

    public CallbackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
