namespace PyRevolveNet.Schedules;

/// <summary>What a mixed schedule does next from a position (the reference's StepType).</summary>
internal enum MixedStepType : byte
{
    /// <summary>Advance without storing, then store one step of adjoint dependencies in WORK and reverse it.</summary>
    ForwardReverse = 2,

    /// <summary>Store one step of adjoint dependencies in a checkpoint unit.</summary>
    WriteAdjDeps = 3,

    /// <summary>Store forward restart data in a checkpoint unit and advance.</summary>
    WriteIcs = 4,
}
