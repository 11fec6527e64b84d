using System.Text.Json;

namespace PyRevolveNet.Compression;

/// <summary>
/// Codecs by id and JSON parameters (the form that crosses the C ABI and matches numcodecs' get_config):
/// noop {}; bitcomp {"nbits": 9, "zero_exact": false, "entropy": false};
/// bounded {"tolerance": x} or {"rel_tolerance": 1e-3}; lossless {"mode": "fast" | "compact"}; cvxcompress {"compscale": 1e-3, "block": 32, "threads": 1}.
/// An "id" key, when present, must agree with the id. Unknown keys are errors naming the key.
/// </summary>
public static class CodecFactory
{
    public static string NameOf(CodecId id) => id switch
    {
        CodecId.Noop => "noop",
        CodecId.Bitcomp => "bitcomp",
        CodecId.Bounded => "bounded",
        CodecId.Lossless => "lossless",
        CodecId.CvxCompress => "cvxcompress",
        _ => $"unknown({(int)id})",
    };

    public static CodecId IdOf(string name) => name switch
    {
        "noop" => CodecId.Noop,
        "bitcomp" => CodecId.Bitcomp,
        "bounded" => CodecId.Bounded,
        "lossless" => CodecId.Lossless,
        "cvxcompress" => CodecId.CvxCompress,
        _ => throw CodecThrow.Bad("id", $"unknown codec id '{name}'; known: noop, bitcomp, bounded, lossless, cvxcompress"),
    };

    /// <summary>
    /// Reads a stream's header (validated, checksum included, payload not checked): the codec that wrote it
    /// and its shape, written into <paramref name="shape"/> (at least 3 long); returns the rank.
    /// </summary>
    public static int Peek(ReadOnlySpan<byte> stream, out CodecId codec, Span<long> shape)
    {
        var h = CodecHeader.Read(stream);
        codec = h.Codec;
        for (var axis = 0; axis < h.Dims.Rank; axis++)
        {
            shape[axis] = h.Dims[Dims.MaxRank - h.Dims.Rank + axis];
        }

        return h.Dims.Rank;
    }

    /// <summary>A codec from a full config such as {"id": "bitcomp", "nbits": 12}.</summary>
    public static ICheckpointCodec FromConfig(string json)
    {
        using var doc = Parse(json);
        if (!doc.RootElement.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw CodecThrow.Bad("id", "the codec config needs a string 'id'");
        }

        return Create(IdOf(id.GetString()!), doc.RootElement);
    }

    public static ICheckpointCodec Create(CodecId id, string? parametersJson)
    {
        using var doc = Parse(string.IsNullOrWhiteSpace(parametersJson) ? "{}" : parametersJson);
        return Create(id, doc.RootElement);
    }

    private static JsonDocument Parse(string json)
    {
        try
        {
            var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                doc.Dispose();
                throw CodecThrow.Bad("parameters", "codec parameters must be a JSON object");
            }

            return doc;
        }
        catch (JsonException e)
        {
            throw CodecThrow.Bad("parameters", $"codec parameters are not valid JSON: {e.Message}", e);
        }
    }

    private static ICheckpointCodec Create(CodecId id, JsonElement p)
    {
        var name = NameOf(id);
        string[] allowed = id switch
        {
            CodecId.Noop => [],
            CodecId.Lossless => ["mode"],
            CodecId.Bitcomp => ["nbits", "zero_exact", "entropy"],
            CodecId.Bounded => ["tolerance", "rel_tolerance"],
            CodecId.CvxCompress => ["compscale", "block", "threads"],
            _ => throw CodecThrow.Bad("id", $"unknown codec id {(int)id}"),
        };
        foreach (var prop in p.EnumerateObject())
        {
            if (prop.Name == "id")
            {
                if (prop.Value.ValueKind != JsonValueKind.String || prop.Value.GetString() != name)
                {
                    throw CodecThrow.Bad("id", $"the config's id {prop.Value} does not match codec '{name}'");
                }

                continue;
            }

            if (Array.IndexOf(allowed, prop.Name) < 0)
            {
                throw new ArgumentException(
                    $"unknown parameter '{prop.Name}' for codec '{name}'; it takes: {(allowed.Length == 0 ? "no parameters" : string.Join(", ", allowed))}",
                    prop.Name);
            }
        }

        return id switch
        {
            CodecId.Noop => new NoopCodec(),
            CodecId.Lossless => new LosslessCodec(LosslessModeOf(Str(p, "mode") ?? "fast")),
            CodecId.Bitcomp => new BitcompCodec(Int(p, "nbits") ?? 9, Bool(p, "zero_exact") ?? false, Bool(p, "entropy") ?? false),
            CodecId.Bounded => new BoundedCodec(Real(p, "tolerance"), Real(p, "rel_tolerance")),
            CodecId.CvxCompress => new CvxCompressCodec(Real(p, "compscale") ?? 1e-3, Int(p, "block") ?? 32, Int(p, "threads") ?? 1),
            _ => throw CodecThrow.Bad("id", $"unknown codec id {(int)id}"),
        };
    }

    private static LosslessMode LosslessModeOf(string mode) => mode switch
    {
        "fast" => LosslessMode.Fast,
        "compact" => LosslessMode.Compact,
        _ => throw CodecThrow.Bad("mode", $"lossless mode must be 'fast' or 'compact', got '{mode}'"),
    };

    private static string? Str(JsonElement p, string key) => !p.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null
        ? null
        : v.ValueKind == JsonValueKind.String ? v.GetString()
        : throw CodecThrow.Bad(key, $"parameter '{key}' must be a string, got {v}");

    private static int? Int(JsonElement p, string key) => !p.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null
        ? null
        : v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i
        : throw CodecThrow.Bad(key, $"parameter '{key}' must be an integer, got {v}");

    private static double? Real(JsonElement p, string key) => !p.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null
        ? null
        : v.ValueKind == JsonValueKind.Number ? v.GetDouble()
        : throw CodecThrow.Bad(key, $"parameter '{key}' must be a number, got {v}");

    private static bool? Bool(JsonElement p, string key) => !p.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null
        ? null
        : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
        : throw CodecThrow.Bad(key, $"parameter '{key}' must be true or false, got {v}");
}
