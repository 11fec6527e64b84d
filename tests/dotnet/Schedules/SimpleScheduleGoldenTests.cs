namespace PyRevolveNet.Tests.Schedules;

public class SimpleScheduleGoldenTests
{
    public static TheoryData<string> NoneIds => GoldenTraces.Ids("NoneCheckpointSchedule");

    public static TheoryData<string> SingleMemoryIds => GoldenTraces.Ids("SingleMemoryStorageSchedule");

    [Theory]
    [MemberData(nameof(NoneIds))]
    public void NoneCheckpointSchedule_reproduces_golden_trace(string id)
    {
        var c = GoldenTraces.Find("NoneCheckpointSchedule", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }

    [Theory]
    [MemberData(nameof(SingleMemoryIds))]
    public void SingleMemoryStorageSchedule_reproduces_golden_trace(string id)
    {
        var c = GoldenTraces.Find("SingleMemoryStorageSchedule", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }
}
