using PyRevolveNet.Schedules;

namespace PyRevolveNet.Execution;

/// <summary>Classic Revolve answered <see cref="ClassicAction.Error"/> (pyrevolve's RevolveError).</summary>
public sealed class RevolveException : InvalidOperationException
{
    public RevolveException(int info)
        : base($"Revolve error {info}: {ClassicRevolve.ErrorMessage(info)}") => Info = info;

    public RevolveException()
        : this(0)
    {
    }

    public RevolveException(string message)
        : base(message)
    {
    }

    public RevolveException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Revolve's info code (10..15).</summary>
    public int Info { get; }
}
