namespace PyRevolveNet.Schedules;

/// <summary>
/// Runs a schedule the way a driver does, with no model, and counts what it costs: forward and adjoint steps,
/// checkpoint writes and reads per storage, peak storage (of checkpoints that can still be read). Used for
/// planning and for predictions.
/// </summary>
public static class ScheduleAnalysis
{
    /// <summary>
    /// Consumes <paramref name="schedule"/> through its first adjoint pass (the forward only for
    /// <see cref="NoneCheckpointSchedule"/>), calling <see cref="CheckpointSchedule.Finalize(long)"/> after the
    /// Forward that reaches <paramref name="steps"/>, as drivers do.
    /// </summary>
    public static ScheduleCost Analyze(CheckpointSchedule schedule, long steps, Action<CheckpointAction>? onAction = null)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        if (steps < 1)
        {
            ScheduleErrors.ThrowInvalid("steps", "steps must be positive");
        }

        long forward = 0, reverse = 0, actions = 0, ramWrites = 0, diskWrites = 0, ramReads = 0, diskReads = 0;
        long peakRam = 0, peakDisk = 0, work = 0, peakWork = 0;
        var ram = new HashSet<long>();
        var disk = new HashSet<long>();
        var forwardOnly = schedule is NoneCheckpointSchedule;
        while (schedule.MoveNext())
        {
            var a = schedule.Current;
            actions++;
            onAction?.Invoke(a);
            switch (a.Type)
            {
                case ActionType.Forward:
                    var end = Math.Min(a.N1, steps);
                    forward += end - a.N0;
                    work = 0;
                    if (a.WriteIcs || a.WriteAdjDeps)
                    {
                        switch (a.Storage)
                        {
                            case StorageType.Ram:
                                ram.Add(a.N0);
                                ramWrites++;
                                peakRam = Math.Max(peakRam, ram.Count);
                                break;
                            case StorageType.Disk:
                                disk.Add(a.N0);
                                diskWrites++;
                                peakDisk = Math.Max(peakDisk, disk.Count);
                                break;
                            case StorageType.Work:
                                work = (a.WriteIcs ? 1 : 0) + (a.WriteAdjDeps ? end - a.N0 : 0);
                                peakWork = Math.Max(peakWork, work);
                                break;
                        }
                    }

                    if (end == steps)
                    {
                        schedule.Finalize(steps);
                    }

                    break;
                case ActionType.Reverse:
                    reverse += a.N1 - a.N0;
                    if (!schedule.AllowsRepeatedAdjoint)
                    {
                        // Checkpoints at or past the adjoint position are dead: drivers free them.
                        for (var k = a.N0; k < a.N1; k++)
                        {
                            ram.Remove(k);
                            disk.Remove(k);
                        }
                    }

                    break;
                case ActionType.Copy or ActionType.Move:
                    if (a.From == StorageType.Ram)
                    {
                        ramReads++;
                        _ = a.Type == ActionType.Move && ram.Remove(a.N);
                    }
                    else if (a.From == StorageType.Disk)
                    {
                        diskReads++;
                        _ = a.Type == ActionType.Move && disk.Remove(a.N);
                    }

                    break;
                case ActionType.EndForward when forwardOnly:
                case ActionType.EndReverse:
                    return Result();
            }
        }

        return Result();

        ScheduleCost Result() => new()
        {
            Steps = steps,
            ForwardSteps = forward,
            ReverseSteps = reverse,
            PeakRamCheckpoints = peakRam,
            PeakDiskCheckpoints = peakDisk,
            PeakWorkUnits = peakWork,
            RamWrites = ramWrites,
            DiskWrites = diskWrites,
            RamReads = ramReads,
            DiskReads = diskReads,
            Actions = actions,
        };
    }
}
