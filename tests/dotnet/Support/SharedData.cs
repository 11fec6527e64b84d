namespace PyRevolveNet.Tests.Support;

/// <summary>Finds the repository root (the folder holding Bridge.sln) and the reference material beside it.</summary>
public static class SharedData
{
    private static readonly Lazy<string> s_repository = new(FindRepository);

    public static string RepositoryRoot => s_repository.Value;

    /// <summary>The shared/ folder (../shared from the root, or PYREVOLVE_NET_SHARED). Fails loudly when missing.</summary>
    public static string Root
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PYREVOLVE_NET_SHARED");
            var shared = !string.IsNullOrEmpty(env) ? env : Path.Combine(RepositoryRoot, "..", "shared");
            return Directory.Exists(shared)
                ? Path.GetFullPath(shared)
                : throw new DirectoryNotFoundException($"the reference material was not found at {shared}; set PYREVOLVE_NET_SHARED");
        }
    }

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRepository()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bridge.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Bridge.sln not found above the test assembly");
    }
}
