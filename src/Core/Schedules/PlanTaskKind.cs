namespace PyRevolveNet.Schedules;

/// <summary>Kinds of pending work on a planner's stack (one per toolbox function, plus loop steps).</summary>
internal enum PlanTaskKind : byte
{
    /// <summary>Revolve(L, M) shifted by Shift; SkipWrite drops its leading RAM write (remove_useless_wm).</summary>
    Revolve,

    /// <summary>One iteration (Index) of the single-checkpoint sweep over L steps from Shift.</summary>
    Sweep,

    /// <summary>A single Read operation.</summary>
    Read,

    /// <summary>Disk-Revolve(L) shifted by Shift.</summary>
    DiskRevolve,

    /// <summary>Periodic disk revolve: the forward period starting at Shift.</summary>
    PeriodForward,

    /// <summary>Periodic disk revolve: the backward period ending at Shift.</summary>
    PeriodBackward,

    /// <summary>HRevolve(L, Level, M) shifted by Shift.</summary>
    HRevolve,

    /// <summary>hrevolve_aux(L, Level, M) shifted by Shift.</summary>
    HRevolveAux,

    /// <summary>Replays a recorded operation list (reference algorithm, tests only).</summary>
    Recorded,
}
