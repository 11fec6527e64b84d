namespace PyRevolveNet.Seismic;

/// <summary>How the gradient gets the forward wavefield back in reverse order.</summary>
public enum CheckpointingMode
{
    /// <summary>Every time step kept in memory: the reference.</summary>
    StoreAll = 0,

    /// <summary>Classic Revolve with a given number of checkpoints (null: Revolve's adjust(nt)).</summary>
    Revolve = 1,

    /// <summary>Classic Revolve with as many checkpoints as fit a memory budget.</summary>
    MemoryBudget = 2,

    /// <summary>Any checkpoint schedule (HRevolve, Multistage, ...).</summary>
    Schedule = 3,
}
