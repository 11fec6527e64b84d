using System.Runtime.InteropServices;

namespace PyRevolveNet.Schedules;

/// <summary>One toolbox operation, already shifted to absolute steps.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct PlanOp(PlanOpKind Kind, long Step, long End = 0, StorageType Storage = StorageType.None)
{
    public static PlanOp WriteIcs(long step, StorageType storage) => new(PlanOpKind.WriteIcs, step, 0, storage);

    public static PlanOp WriteAdjDeps(long step) => new(PlanOpKind.WriteAdjDeps, step);

    public static PlanOp Forward(long from, long to) => new(PlanOpKind.Forward, from, to);

    public static PlanOp Backward(long from) => new(PlanOpKind.Backward, from);

    public static PlanOp Read(long step, StorageType storage) => new(PlanOpKind.Read, step, 0, storage);
}
