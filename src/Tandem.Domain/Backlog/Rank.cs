using System.Text;

namespace Tandem.Domain.Backlog;

/// <summary>
/// Fractional ranks: strings over the digits 0-9A-Za-z that sort by ordinal comparison and read as
/// base-62 fractions (0.digits). Between any two ranks there is always another, so moving an item
/// writes one row whatever the size of the backlog.
/// </summary>
/// <remarks>
/// A rank never ends in '0': "A" and "A0" are the same fraction, and a trailing zero would leave no
/// rank before it. Inserting repeatedly at one spot lengthens ranks by about one character per six
/// moves; once a rank grows past <see cref="RebalanceLength"/> the backlog is respread with
/// <see cref="Spread"/>, which keeps the order and is the only write proportional to its size.
/// Ordinal comparison is binary in SQLite; PostgreSQL columns holding ranks must use the "C" collation.
/// </remarks>
public static class Rank
{
    public const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int Base = 62;
    public const int MaxLength = 64;
    public const int RebalanceLength = 40;

    /// <summary>A rank strictly between <paramref name="low"/> and <paramref name="high"/>; null means the open end.</summary>
    public static string Between(string? low, string? high)
    {
        low ??= "";
        if (!IsValid(low, allowEmpty: true)) throw new ArgumentException($"'{low}' is not a rank.", nameof(low));
        if (high is not null && !IsValid(high, allowEmpty: false)) throw new ArgumentException($"'{high}' is not a rank.", nameof(high));
        if (high is not null && string.CompareOrdinal(low, high) >= 0)
            throw new ArgumentException($"'{low}' does not sort before '{high}'.", nameof(low));

        // At an open end, step by one in the last digit instead of halving: moving items to the top or
        // bottom one after another is the common case, and stepping grows ranks ten times slower.
        if (high is null && low.Length > 0) return StepUp(low);
        if (low.Length == 0 && high is not null) return StepDown(high);

        var result = new StringBuilder();
        var highOpen = high is null;
        for (var i = 0; ; i++)
        {
            var lowDigit = i < low.Length ? Value(low[i]) : 0;
            var highDigit = highOpen ? Base : i < high!.Length ? Value(high[i]) : 0;
            if (lowDigit == highDigit)
            {
                result.Append(Digits[lowDigit]);
                continue;
            }
            var middle = (lowDigit + highDigit) / 2;
            if (middle > lowDigit)
            {
                result.Append(Digits[middle]);
                return result.ToString();
            }
            // Adjacent digits: keep the low digit; from here on anything sorts below high.
            result.Append(Digits[lowDigit]);
            highOpen = true;
        }
    }

    /// <summary><paramref name="count"/> evenly spaced ranks in ascending order, as short as they can be.</summary>
    public static IReadOnlyList<string> Spread(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var width = 1;
        // Leave room for about 60 insertions between neighbours before any rank grows.
        while (Math.Pow(Base, width) < (count + 1) * 64.0) width++;
        var space = System.Numerics.BigInteger.Pow(Base, width);
        var ranks = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var value = space * i / (count + 1);
            ranks.Add(ToDigits(value, width).TrimEnd('0'));
        }
        return ranks;
    }

    private static string StepUp(string rank)
    {
        var last = Value(rank[^1]);
        return last < Base - 1 ? rank[..^1] + Digits[last + 1] : rank + Digits[1];
    }

    private static string StepDown(string rank)
    {
        var last = Value(rank[^1]);
        // "U1" steps down to "U0z": "U0" would end in a zero.
        return last > 1 ? rank[..^1] + Digits[last - 1] : rank[..^1] + "0" + Digits[Base - 1];
    }

    public static bool NeedsRebalance(string rank) => rank.Length > RebalanceLength;

    public static bool IsValid(string? rank, bool allowEmpty = false)
    {
        if (rank is null) return false;
        if (rank.Length == 0) return allowEmpty;
        if (rank.Length > MaxLength || rank[^1] == '0') return false;
        foreach (var c in rank) if (Value(c) < 0) return false;
        return true;
    }

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        >= 'a' and <= 'z' => c - 'a' + 36,
        _ => -1,
    };

    private static string ToDigits(System.Numerics.BigInteger value, int width)
    {
        var chars = new char[width];
        for (var i = width - 1; i >= 0; i--)
        {
            chars[i] = Digits[(int)(value % Base)];
            value /= Base;
        }
        return new string(chars);
    }
}
