namespace PyRevolveNet.Tests.Execution;

/// <summary>A fresh, empty directory under the system temp folder for one test.</summary>
public static class TempDir
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "pyrevolve-net-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }
}
