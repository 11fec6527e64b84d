using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>
/// Mode B with the checkpoint_schedules classes built in other branches. These fail while the classes are stubs
/// (NotImplementedException) and are expected to pass once they are merged.
/// </summary>
public class ScheduleExecutionTests
{
    public static TheoryData<string, int, int, StorageLayout> Cases()
    {
        var data = new TheoryData<string, int, int, StorageLayout>();
        foreach (var kind in new[] { "Revolve", "DiskRevolve", "PeriodicDiskRevolve", "HRevolve", "Multistage", "Mixed", "TwoLevel", "SingleDisk", "SingleDiskMove" })
        {
            foreach (var (nt, s) in new[] { (2, 1), (5, 2), (10, 3), (33, 4) })
            {
                data.Add(kind, nt, s, StorageLayout.MultiLevel);
            }

            data.Add(kind, 17, 3, StorageLayout.Memory);
            data.Add(kind, 17, 3, StorageLayout.Disk);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_equals_the_reference(string kind, int nt, int snapshots, StorageLayout layout) =>
        DevitoAlignmentTests.WithOptions(layout, options =>
        {
            Func<CheckpointSchedule> factory = kind switch
            {
                "Revolve" => () => new Revolve(nt, snapshots),
                "DiskRevolve" => () => new DiskRevolve(nt, snapshots),
                "PeriodicDiskRevolve" => () => new PeriodicDiskRevolve(nt, snapshots),
                "HRevolve" => () => new HRevolve(nt, Math.Max(1, snapshots / 2), snapshots - Math.Max(1, snapshots / 2)),
                "Multistage" => () => new MultistageCheckpointSchedule(nt, snapshots / 2, snapshots - (snapshots / 2)),
                "Mixed" => () => new MixedCheckpointSchedule(nt, snapshots),
                "TwoLevel" => () => new TwoLevelCheckpointSchedule(3, snapshots),
                "SingleDisk" => () => new SingleDiskStorageSchedule(),
                _ => () => new SingleDiskStorageSchedule(moveData: true),
            };
            using var model = new DevitoLikeModel();
            using var revolver = new ScheduleRevolver(model, model, model, factory, options);
            DevitoAlignmentTests.AssertRunMatches(model, revolver, nt, () =>
            {
                if (revolver.Schedule.MaxN is null)
                {
                    revolver.ApplyForward(nt);
                }
                else
                {
                    revolver.ApplyForward();
                }
            });
        });
}
