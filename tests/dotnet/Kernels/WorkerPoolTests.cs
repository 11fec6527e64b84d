using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

public class WorkerPoolTests
{
    [Fact]
    public void Every_worker_runs_its_share_and_errors_reach_the_caller()
    {
        using var pool = new WorkerPool(3);
        var work = new Recorder();
        for (int i = 0; i < 100; i++)
        {
            pool.Run(work);
        }

        Assert.Equal([100, 100, 100], work.Counts);
        work.Fail = true;
        var ex = Assert.Throws<AggregateException>(() => pool.Run(work));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        work.Fail = false;
        pool.Run(work);
        Assert.Equal([102, 102, 102], work.Counts);
    }

    private sealed class Recorder : IParallelWork
    {
        public int[] Counts { get; } = new int[3];

        public bool Fail { get; set; }

        public void Execute(int worker, int workerCount)
        {
            Assert.Equal(3, workerCount);
            Interlocked.Increment(ref Counts[worker]);
            if (Fail && worker == 2)
            {
                throw new InvalidOperationException("boom");
            }
        }
    }
}
