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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]   // more workers than cores: the spinning barrier must yield
    public void SyncWorkers_separates_phases_and_a_failed_worker_releases_the_others(int workers)
    {
        using var pool = new WorkerPool(workers);
        var work = new Phases(pool, phases: 50);
        for (int run = 0; run < 20; run++)
        {
            pool.Run(work);
        }

        Assert.Equal(0, work.Violations);
        Assert.All(work.Reached, r => Assert.Equal(20 * 50, r));

        // A worker that throws before the barrier: the others leave it instead of waiting for ever, the caller
        // gets the worker's own exception, and the pool still works.
        work.FailAt = 7;
        var ex = Assert.Throws<AggregateException>(() => pool.Run(work));
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        work.FailAt = -1;
        pool.Run(work);
        Assert.Equal(0, work.Violations);
    }

    // Each phase every worker writes its own slot, then syncs and checks every slot already holds this phase.
    private sealed class Phases(WorkerPool pool, int phases) : IParallelWork
    {
        private readonly int[] _slots = new int[pool.WorkerCount * 16];
        private int _violations;

        public int[] Reached { get; } = new int[pool.WorkerCount];

        public int FailAt { get; set; } = -1;

        public int Violations => _violations;

        public void Execute(int worker, int workerCount)
        {
            for (int p = 0; p < phases; p++)
            {
                if (p == FailAt && worker == workerCount - 1)
                {
                    throw new InvalidOperationException("boom");
                }

                Volatile.Write(ref _slots[worker * 16], p + 1);
                pool.SyncWorkers();
                for (int w = 0; w < workerCount; w++)
                {
                    if (Volatile.Read(ref _slots[w * 16]) < p + 1)
                    {
                        Interlocked.Increment(ref _violations);
                    }
                }

                Interlocked.Increment(ref Reached[worker]);

                // The second barrier keeps a fast worker from overwriting its slot before the others have checked.
                pool.SyncWorkers();
            }
        }
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
