namespace PyRevolveNet.Compression;

/// <summary>Codec numbers as written in every stream header and passed across the C ABI.</summary>
public enum CodecId
{
    Noop = 0,
    Bitcomp = 1,
    Bounded = 2,
    Lossless = 3,
    CvxCompress = 4,
}
