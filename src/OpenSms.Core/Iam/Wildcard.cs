namespace OpenSms.Core.Iam;

/// <summary>Glob matching with <c>*</c> (any run, empty included) and <c>?</c> (exactly one character).</summary>
static class Wildcard
{
    public static bool IsMatch(string pattern, string value, bool ignoreCase)
    {
        int p = 0, v = 0, starP = -1, starV = 0;
        while (v < value.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starV = v;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Same(pattern[p], value[v], ignoreCase)))
            {
                p++;
                v++;
            }
            else if (starP >= 0)
            {
                // Let the last star swallow one more character and retry from there.
                p = starP + 1;
                v = ++starV;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    static bool Same(char a, char b, bool ignoreCase) =>
        a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
