namespace PyRevolveNet.Interop;

/// <summary>
/// The body every handle-taking export shares: look the handle up as a <typeparamref name="T"/>, run the
/// action, and turn any exception into a status (no .NET exception may cross the C boundary).
/// </summary>
internal static unsafe class HandleCalls
{
    public static int With<T>(long handle, Action<T> action)
        where T : class
    {
        try
        {
            if (!HandleTable.TryGet<T>(handle, out var target))
            {
                return (int)HandleTable.InvalidHandle<T>(handle);
            }

            action(target);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>As <see cref="With{T}(long, Action{T})"/>, refusing a null output pointer first.</summary>
    public static int With<T>(long handle, Action<T> action, void* output)
        where T : class => output == null
            ? (int)Errors.Fail(Status.InvalidArgument, "output pointer is null")
            : With(handle, action);
}
