namespace PyRevolveNet.Tests.Schedules;

/// <summary>What <see cref="ScheduleSimulator"/> counted over the first adjoint pass (the forward included).</summary>
public readonly record struct SimulationResult(long ForwardSteps, long Actions, long PeakRam, long PeakDisk, long PeakData, int Passes);
