namespace PyRevolveNet.Schedules;

/// <summary>Operations of the H-Revolve toolbox sequences that matter for the action stream.</summary>
internal enum PlanOpKind : byte
{
    /// <summary>Store forward restart data at <see cref="PlanOp.Step"/> (RAM or DISK); applies to the next Forward.</summary>
    WriteIcs,

    /// <summary>Keep the adjoint dependencies of the next Forward in working memory.</summary>
    WriteAdjDeps,

    /// <summary>Advance from <see cref="PlanOp.Step"/> to <see cref="PlanOp.End"/>.</summary>
    Forward,

    /// <summary>One adjoint step from <see cref="PlanOp.Step"/> back to Step - 1.</summary>
    Backward,

    /// <summary>Load the restart checkpoint at <see cref="PlanOp.Step"/> from <see cref="PlanOp.Storage"/>.</summary>
    Read,
}
