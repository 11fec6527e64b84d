namespace PyRevolveNet.Kernels;

/// <summary>Work split between the workers of a <see cref="WorkerPool"/>.</summary>
public interface IParallelWork
{
    /// <summary>Runs share <paramref name="worker"/> of <paramref name="workerCount"/>.</summary>
    void Execute(int worker, int workerCount);
}
