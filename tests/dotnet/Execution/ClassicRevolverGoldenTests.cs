using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>Mode A reproduces pyrevolve 2.2.7's Revolver call traces exactly (operator calls, saves, loads).</summary>
public class ClassicRevolverGoldenTests
{
    public static TheoryData<int, int> Cases => RevolverTraces.Keys();

    [Fact]
    public void All_224_golden_cases_are_present() => Assert.Equal(224, RevolverTraces.All.Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Memory_revolver_reproduces_trace(int nt, int ncp) => Check(RevolverTraces.Find(nt, ncp), StorageOptions.Default);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Disk_and_multilevel_revolvers_reproduce_trace(int nt, int ncp)
    {
        var c = RevolverTraces.Find(nt, ncp);
        var dir = TempDir.Create();
        try
        {
            Check(c, new StorageOptions { Layout = StorageLayout.Disk, DiskDirectory = dir });
            Check(c, new StorageOptions { Layout = StorageLayout.MultiLevel, DiskDirectory = dir });
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static void Check(RevolverTrace c, StorageOptions options)
    {
        using var model = new RecordingModel();
        using var revolver = new ClassicRevolver(model, model, model, c.Ncp, c.Nt, options);
        revolver.ApplyForward();
        Assert.Equal(c.Forward, model.Calls);
        Assert.Equal(c.Nt, model.Position);
        model.Calls.Clear();
        revolver.ApplyReverse();
        Assert.Equal(c.Reverse, model.Calls);

        var s = revolver.Summary;
        var p = revolver.Prediction;
        Assert.Equal(p.ForwardSteps, s.ForwardSteps);
        Assert.Equal(p.ReverseSteps, s.ReverseSteps);
        Assert.Equal(c.Nt, s.ReverseSteps);
        Assert.Equal(p.Saves, s.Saves);
        Assert.Equal(p.Loads, s.Loads);
        Assert.Equal(c.Nt - 1, s.Loads);
        var expectedForward = c.Forward.Concat(c.Reverse).Where(x => x.StartsWith('F')).Sum(Steps);
        Assert.Equal(expectedForward, s.ForwardSteps);
    }

    private static long Steps(string call)
    {
        var parts = call[2..^1].Split(',');
        return long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) - long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
    }
}
