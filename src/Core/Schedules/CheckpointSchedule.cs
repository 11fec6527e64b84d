using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace PyRevolveNet.Schedules;

/// <summary>
/// A checkpoint schedule: a lazy stream of <see cref="CheckpointAction"/>s, and its own enumerator, as in
/// checkpoint_schedules (iterating again resumes where the last loop stopped).
/// The stream is produced by <see cref="Iterate"/>, a C# iterator that updates <see cref="N"/> and
/// <see cref="R"/> before yielding each action, so reading them after receiving an action gives the state
/// after it. Online schedules (<see cref="MaxN"/> null until finalized) are told the real number of steps
/// by <see cref="Finalize(long)"/>.
/// </summary>
public abstract class CheckpointSchedule : IEnumerator<CheckpointAction>, IEnumerable<CheckpointAction>
{
    private IEnumerator<CheckpointAction>? _iterator;
    private bool _ended;

    /// <param name="maxN">Total number of forward steps, or null for an online schedule.</param>
    protected CheckpointSchedule(long? maxN)
    {
        if (maxN is < 1)
        {
            ScheduleErrors.ThrowInvalid("max_n", "max_n must be positive");
        }

        MaxNField = maxN;
    }

    /// <summary>Current forward position (the start of step n).</summary>
    public long N => NField;

    /// <summary>Adjoint steps completed in the current adjoint pass.</summary>
    public long R => RField;

    /// <summary>Total number of forward steps, or null while an online schedule is not finalized.</summary>
    public long? MaxN => MaxNField;

    /// <summary>Whether no further adjoint calculation is possible.</summary>
    public abstract bool IsExhausted { get; }

    /// <summary>Whether any action has been produced yet.</summary>
    public bool IsRunning => _iterator is not null;

    /// <summary>Whether the schedule was built without knowing the number of steps.</summary>
    public bool IsOnline { get; protected init; }

    /// <summary>Whether the schedule allows more than one adjoint pass.</summary>
    public virtual bool AllowsRepeatedAdjoint => false;

    /// <summary>Written by derived iterators before each yield.</summary>
    protected long NField { get; set; }

    /// <summary>Written by derived iterators before each yield.</summary>
    protected long RField { get; set; }

    /// <summary>Set by the constructor (offline) or by <see cref="Finalize(long)"/> (online).</summary>
    protected long? MaxNField { get; set; }

    /// <summary>Whether the schedule uses checkpoint storage of the given kind.</summary>
    public abstract bool UsesStorageType(StorageType storageType);

    /// <summary>
    /// Tells the schedule the real number of forward steps. Online schedules need it to leave their forward
    /// phase; for offline ones it is a consistency check.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="n"/> is not positive.</exception>
    /// <exception cref="InvalidOperationException">The schedule's state does not allow it.</exception>
    public void Finalize(long n)
    {
        if (n < 1)
        {
            ScheduleErrors.ThrowInvalid("n", "n must be positive");
        }

        if (MaxNField is null)
        {
            if (NField >= n)
            {
                NField = n;
                MaxNField = n;
            }
            else
            {
                ScheduleErrors.ThrowState();
            }
        }
        else if (NField != n || MaxNField != n)
        {
            ScheduleErrors.ThrowState();
        }
    }

    /// <summary>The action stream. Called once, lazily, on the first <see cref="MoveNext"/>.</summary>
    protected abstract IEnumerable<CheckpointAction> Iterate();

    /// <summary>The action last produced by <see cref="MoveNext"/>.</summary>
    public CheckpointAction Current { get; private set; }

    object IEnumerator.Current => Current;

    /// <summary>Produces the next action; false when the stream has ended.</summary>
    public bool MoveNext()
    {
        if (_ended)
        {
            return false;
        }

        _iterator ??= Iterate().GetEnumerator();
        if (_iterator.MoveNext())
        {
            Current = _iterator.Current;
            return true;
        }

        _ended = true;
        return false;
    }

    /// <summary>Produces the next action, or false when the stream has ended.</summary>
    public bool TryNext(out CheckpointAction action)
    {
        var more = MoveNext();
        action = more ? Current : default;
        return more;
    }

    /// <summary>Schedules cannot be rewound; build a new one instead.</summary>
    public void Reset() => throw new NotSupportedException("A checkpoint schedule cannot be rewound; create a new one.");

    public IEnumerator<CheckpointAction> GetEnumerator() => this;

    IEnumerator IEnumerable.GetEnumerator() => this;

    public void Dispose()
    {
        _iterator?.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Cold throw helpers so that hot schedule loops stay small.</summary>
public static class ScheduleErrors
{
    /// <summary>A bad parameter; the message names it (as the Python API spells it).</summary>
    [DoesNotReturn]
    public static void ThrowInvalid(string parameter, string message) => throw new ScheduleParameterException(parameter, message);

    /// <summary>An action or call that the schedule's state does not allow.</summary>
    [DoesNotReturn]
    public static void ThrowState(string message = "Invalid checkpointing state") => throw new InvalidOperationException(message);
}

/// <summary>An invalid schedule parameter. <see cref="Exception.Message"/> is the plain text, naming the parameter.</summary>
public sealed class ScheduleParameterException : ArgumentException
{
    private readonly string _text;

    public ScheduleParameterException(string parameter, string message)
        : base(message, parameter) => _text = message;

    public ScheduleParameterException()
        : this("value", "invalid schedule parameter")
    {
    }

    public ScheduleParameterException(string message)
        : this("value", message)
    {
    }

    public ScheduleParameterException(string message, Exception innerException)
        : base(message, innerException) => _text = message;

    public override string Message => _text;
}
