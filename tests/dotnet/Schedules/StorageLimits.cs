namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// Most checkpoints a schedule may hold at once in RAM and on DISK, and most WORK data units
/// (min(1, |ics|) + |adj deps|), as in the reference validity test.
/// </summary>
public readonly record struct StorageLimits(long Ram, long Disk, long Data);
