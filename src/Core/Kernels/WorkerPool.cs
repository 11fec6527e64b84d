namespace PyRevolveNet.Kernels;

/// <summary>
/// Long-lived worker threads (by default one per core; the calling thread is worker 0) that run one
/// <see cref="IParallelWork"/> at a time between two barriers. A time step costs two barrier crossings and
/// no allocation, unlike a Parallel.For per step (task objects, work stealing, thread-pool injection).
/// </summary>
public sealed class WorkerPool : IDisposable
{
    private static readonly Lazy<WorkerPool> SharedPool = new(() => new WorkerPool());

    private readonly Thread[] _threads;
    private readonly Barrier _start;
    private readonly Barrier _end;
    private readonly Lock _runLock = new();
    private IParallelWork? _work;
    private volatile Exception? _error;
    private int _syncArrived;
    private volatile int _syncGeneration;
    private volatile bool _stopping;
    private bool _disposed;

    /// <param name="workerCount">threads including the caller; 0 = <see cref="Environment.ProcessorCount"/></param>
    public WorkerPool(int workerCount = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(workerCount);
        WorkerCount = workerCount == 0 ? Environment.ProcessorCount : workerCount;
        _start = new Barrier(WorkerCount);
        _end = new Barrier(WorkerCount);
        _threads = new Thread[WorkerCount - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _threads[i] = new Thread(Loop) { IsBackground = true, Name = $"kernel-worker-{i + 1}" };
            _threads[i].Start(i + 1);
        }
    }

    /// <summary>A process-wide pool with one worker per core, never disposed.</summary>
    public static WorkerPool Shared => SharedPool.Value;

    public int WorkerCount { get; }

    /// <summary>Runs <paramref name="work"/> on every worker and returns when all are done.</summary>
    public void Run(IParallelWork work)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_runLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (WorkerCount == 1)
            {
                try
                {
                    work.Execute(0, 1);
                }
                catch (Exception e)
                {
                    // The same exception as from several workers.
                    throw new AggregateException("a kernel worker failed", e);
                }

                return;
            }

            _work = work;
            _error = null;
            _syncArrived = 0;
            _start.SignalAndWait();
            try
            {
                work.Execute(0, WorkerCount);
            }
#pragma warning disable CA1031 // rethrown below, after every worker has reached the barrier
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            _end.SignalAndWait();
            _work = null;
            if (_error is { } error)
            {
                _error = null;
                throw new AggregateException("a kernel worker failed", error);
            }
        }
    }

    /// <summary>
    /// A barrier among the workers inside one <see cref="Run"/>: every worker's <see cref="IParallelWork.Execute"/>
    /// must call it the same number of times. It spins (then yields) rather than blocks, for waits of microseconds
    /// between short phases of one pass; a worker that failed releases the others, which then throw too.
    /// </summary>
    internal void SyncWorkers()
    {
        if (WorkerCount == 1)
        {
            return;
        }

        int generation = _syncGeneration;
        if (Interlocked.Increment(ref _syncArrived) == WorkerCount)
        {
            // Reset before the release: a released worker may arrive at the next barrier at once.
            _syncArrived = 0;
            _syncGeneration = generation + 1;
            return;
        }

        var spin = default(SpinWait);
        while (_syncGeneration == generation)
        {
            if (_error is not null)
            {
                throw new OperationCanceledException("another kernel worker failed");
            }

            spin.SpinOnce(sleep1Threshold: -1);
        }
    }

    public void Dispose()
    {
        lock (_runLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            if (WorkerCount > 1)
            {
                _start.SignalAndWait();
            }

            foreach (var t in _threads)
            {
                t.Join();
            }

            _start.Dispose();
            _end.Dispose();
        }
    }

    private void Loop(object? state)
    {
        int worker = (int)state!;
        while (true)
        {
            _start.SignalAndWait();
            if (_stopping)
            {
                return;
            }

            try
            {
                _work!.Execute(worker, WorkerCount);
            }
#pragma warning disable CA1031 // a worker thread must not die: the error goes to the caller of Run
            catch (Exception e)
#pragma warning restore CA1031
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }

            _end.SignalAndWait();
        }
    }
}
