using System.Runtime.InteropServices;

namespace PyRevolveNet.Schedules;

/// <summary>Pending work of a planner: a toolbox function call with its arguments and shift.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct PlanTask(
    PlanTaskKind Kind, long L, long M, long Shift, long Index = 0, int Level = 0, bool SkipWrite = false, StorageType Storage = StorageType.None);
