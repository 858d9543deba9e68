using System.Text.Json;

namespace DetEval.Formats.Json;

/// <summary>
/// Refuses a key given twice in one object of a parsed document (<see cref="JsonDocument"/> keeps both and lookups
/// find one of them; Python's json keeps the last): which was meant is a guess, so the input is refused, as the
/// streamed readers refuse it (<see cref="JsonValues.Once"/>).
/// </summary>
internal static class JsonKeys
{
    /// <summary>Throws naming the JSON path of the first key given twice in any object of <paramref name="element"/>.</summary>
    /// <param name="element">The value to check, with every value inside it.</param>
    /// <param name="file">The file, for the message.</param>
    /// <param name="path">The JSON path of <paramref name="element"/> ("$", "$[3]").</param>
    public static void RequireUnique(JsonElement element, string file, string path)
    {
        if (FirstDuplicate(element, path) is string at)
        {
            throw new DetEvalInputException(file, at, "the key is given twice in this object; expected it once");
        }
    }

    private static string? FirstDuplicate(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                HashSet<string>? names = null;
                foreach (var property in element.EnumerateObject())
                {
                    string at = path + "." + property.Name;
                    names ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!names.Add(property.Name))
                    {
                        return at;
                    }

                    if (property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array && FirstDuplicate(property.Value, at) is string inner)
                    {
                        return inner;
                    }
                }

                return null;
            }

            case JsonValueKind.Array:
            {
                int i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array && FirstDuplicate(item, $"{path}[{i}]") is string inner)
                    {
                        return inner;
                    }

                    i++;
                }

                return null;
            }

            default:
                return null;
        }
    }
}
