using System.Runtime.InteropServices;
using System.Text;
using PyRevolveNet.Compression;

namespace PyRevolveNet.Interop;

/// <summary>
/// C ABI over <see cref="ICheckpointCodec"/>. Data crosses as (pointer, length) over caller-owned buffers:
/// encode writes into a buffer of at least CodecMaxEncodedSize bytes, decode writes straight into the
/// caller's float array. Parameters and configs cross as UTF-8 JSON.
/// </summary>
public static unsafe class CodecExports
{
    /// <summary>Creates a codec from its id (<see cref="CodecId"/>) and JSON parameters (null or empty: defaults).</summary>
    [UnmanagedCallersOnly]
    public static int CodecCreate(int id, byte* parameters, int length, long* handle)
    {
        try
        {
            if (handle == null || (parameters == null && length != 0) || length < 0)
            {
                return (int)Errors.Fail(Status.InvalidArgument, "CodecCreate: null pointer or negative length");
            }

            var json = parameters == null ? null : Encoding.UTF8.GetString(parameters, length);
            *handle = HandleTable.Add(CodecFactory.Create((CodecId)id, json));
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    [UnmanagedCallersOnly]
    public static int CodecMaxEncodedSize(long handle, long count, long* size)
    {
        try
        {
            if (!HandleTable.TryGet<ICheckpointCodec>(handle, out var codec))
            {
                return (int)HandleTable.InvalidHandle<ICheckpointCodec>(handle);
            }

            *size = codec.MaxEncodedSize(count);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Encodes count floats of the given shape (rank values) into dst; *written = stream length.</summary>
    [UnmanagedCallersOnly]
    public static int CodecEncode(long handle, float* data, long count, long* shape, int rank, byte* dst, long capacity, long* written)
    {
        try
        {
            if (!HandleTable.TryGet<ICheckpointCodec>(handle, out var codec))
            {
                return (int)HandleTable.InvalidHandle<ICheckpointCodec>(handle);
            }

            if (data == null || shape == null || dst == null || written == null || rank is < 1 or > 3 || count < 1 || capacity < 0)
            {
                return (int)Errors.Fail(Status.InvalidArgument, "CodecEncode: null pointer, rank outside 1..3 or empty data");
            }

            if (count > int.MaxValue / 4)
            {
                return (int)Errors.Fail(Status.InvalidArgument, $"CodecEncode: {count} values exceed the 2 GiB per stream limit");
            }

            Span<int> dims = stackalloc int[rank];
            for (var i = 0; i < rank; i++)
            {
                if (shape[i] is < 1 or > int.MaxValue)
                {
                    return (int)Errors.Fail(Status.InvalidArgument, $"CodecEncode: dimension {shape[i]} on axis {i}");
                }

                dims[i] = (int)shape[i];
            }

            *written = codec.Encode(new ReadOnlySpan<float>(data, (int)count), dims, new Span<byte>(dst, (int)Math.Min(capacity, int.MaxValue)));
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Decodes a stream of length bytes into dst (count floats, which must match the stream).</summary>
    [UnmanagedCallersOnly]
    public static int CodecDecode(long handle, byte* src, long length, float* dst, long count)
    {
        try
        {
            if (!HandleTable.TryGet<ICheckpointCodec>(handle, out var codec))
            {
                return (int)HandleTable.InvalidHandle<ICheckpointCodec>(handle);
            }

            if (src == null || dst == null || length < 0 || count < 0 || count > int.MaxValue / 4)
            {
                return (int)Errors.Fail(Status.InvalidArgument, "CodecDecode: null pointer or length out of range");
            }

            codec.Decode(new ReadOnlySpan<byte>(src, (int)Math.Min(length, int.MaxValue)), new Span<float>(dst, (int)count));
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>The config JSON as UTF-8 into buffer (may be null); *length = its full byte length.</summary>
    [UnmanagedCallersOnly]
    public static int CodecGetConfig(long handle, byte* buffer, int capacity, int* length)
    {
        try
        {
            if (!HandleTable.TryGet<ICheckpointCodec>(handle, out var codec))
            {
                return (int)HandleTable.InvalidHandle<ICheckpointCodec>(handle);
            }

            var bytes = Encoding.UTF8.GetBytes(codec.GetConfigJson());
            if (buffer != null && capacity > 0)
            {
                bytes.AsSpan(0, Math.Min(bytes.Length, capacity)).CopyTo(new Span<byte>(buffer, capacity));
            }

            *length = bytes.Length;
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Reads a stream's header: the codec id and the shape (3 slots); *rank = its rank.</summary>
    [UnmanagedCallersOnly]
    public static int CodecPeekHeader(byte* src, long length, int* codec, long* shape, int* rank)
    {
        try
        {
            if (src == null || codec == null || shape == null || rank == null || length < 0)
            {
                return (int)Errors.Fail(Status.InvalidArgument, "CodecPeekHeader: null pointer");
            }

            *rank = CodecFactory.Peek(new ReadOnlySpan<byte>(src, (int)Math.Min(length, int.MaxValue)), out var id, new Span<long>(shape, 3));
            *codec = (int)id;
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }
}
