namespace PyRevolveNet.Schedules;

/// <summary>An immutable DP table that answers for every problem size up to <see cref="Steps"/>.</summary>
internal interface IPlanTable
{
    /// <summary>Largest toolbox l (max_n - 1) the table covers.</summary>
    long Steps { get; }

    /// <summary>Approximate size in 8-byte words, for the cache's memory bound.</summary>
    long Words { get; }
}
