using System.Text;

namespace Tandem.Domain.Backlog;

/// <summary>
/// Fractional ranks: strings over the digits 0-9A-Za-z that sort by ordinal comparison and read as
/// base-62 fractions (0.digits). Between any two ranks there is always another, so moving an item
/// writes one row whatever the size of the backlog.
/// </summary>
/// <remarks>
/// A rank never ends in '0': "A" and "A0" are the same fraction, and a trailing zero would leave no
/// rank before it. At the open ends (the top and the bottom, where new and moved items mostly go)
/// <see cref="After"/> and <see cref="Before"/> step by one unit of the rank's own length, carrying
/// like a counter, so those ranks do not grow; when a step would run out of room, or an insert between
/// two neighbours would pass <see cref="ShortLength"/>, the backlog is respread with <see cref="Spread"/>,
/// which keeps the order, leaves room at both ends and between neighbours, and is the only write
/// proportional to the backlog's size (ADR 0008).
/// Ordinal comparison is binary in SQLite; PostgreSQL columns holding ranks must use the "C" collation.
/// </remarks>
public static class Rank
{
    public const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int Base = 62;

    /// <summary>The column's length; a rank placed by the backlog never comes near it (see <see cref="ShortLength"/>).</summary>
    public const int MaxLength = 64;

    /// <summary>The longest rank placement keeps: a longer one respreads the backlog first (issue 13).</summary>
    public const int ShortLength = 16;

    /// <summary>A rank strictly between <paramref name="low"/> and <paramref name="high"/>; null means the open end.</summary>
    public static string Between(string? low, string? high)
    {
        low ??= "";
        if (!IsValid(low, allowEmpty: true)) throw new ArgumentException($"'{low}' is not a rank.", nameof(low));
        if (high is not null && !IsValid(high, allowEmpty: false)) throw new ArgumentException($"'{high}' is not a rank.", nameof(high));
        if (high is not null && string.CompareOrdinal(low, high) >= 0)
            throw new ArgumentException($"'{low}' does not sort before '{high}'.", nameof(low));

        // At an open end, step by one unit instead of halving: moving items to the top or bottom one
        // after another is the common case. Only a rank with no room left at its length grows.
        if (high is null && low.Length > 0) return After(low) ?? low + Digits[1];
        if (low.Length == 0 && high is not null) return Before(high) ?? high[..^1] + "0" + Digits[Base - 1];

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

    /// <summary>
    /// <paramref name="count"/> evenly spaced ranks in ascending order, all of one length, over the middle
    /// half of the rank space: at least 128 units between neighbours, and a quarter of the space (at least
    /// 64 steps per item) free above and below, so the backlog can grow by many times its size at
    /// either end before it needs another respread. <paramref name="reserve"/> counts items about to be
    /// added, so that they fit too.
    /// </summary>
    public static IReadOnlyList<string> Spread(int count, int reserve = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(reserve);
        var width = 1;
        while (System.Numerics.BigInteger.Pow(Base, width) < ((System.Numerics.BigInteger)count + reserve + 1) * 256) width++;
        var space = System.Numerics.BigInteger.Pow(Base, width);
        var ranks = new List<string>(count);
        for (var i = 1; i <= count; i++)
        {
            var value = space / 4 + space * i / (2 * (count + 1));
            // Never a trailing zero; the next neighbour is at least 128 units further.
            if (value % Base == 0) value += 1;
            ranks.Add(ToDigits(value, width));
        }
        return ranks;
    }

    /// <summary>The longest rank <see cref="SpreadBetween"/> gives, so inserts between its ranks have four digits left before <see cref="ShortLength"/>.</summary>
    public const int LocalSpreadLength = ShortLength - 4;

    /// <summary>
    /// <paramref name="count"/> evenly spaced ranks in ascending order, all of one length, over the middle half of the
    /// room strictly between <paramref name="low"/> and <paramref name="high"/> (null: the open end), as <see cref="Spread"/>
    /// does over the whole space: at least 128 units between neighbours and a quarter of the room free at each side.
    /// Null when that needs ranks longer than <see cref="LocalSpreadLength"/> (or the bounds do not sort low before high):
    /// then only a respread of the whole backlog makes room.
    /// </summary>
    public static IReadOnlyList<string>? SpreadBetween(string? low, string? high, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (low is not null && !IsValid(low)) throw new ArgumentException($"'{low}' is not a rank.", nameof(low));
        if (high is not null && !IsValid(high)) throw new ArgumentException($"'{high}' is not a rank.", nameof(high));
        if (low is not null && high is not null && string.CompareOrdinal(low, high) >= 0) return null;
        for (var width = Math.Max(1, Math.Max(low?.Length ?? 0, high?.Length ?? 0)); width <= LocalSpreadLength; width++)
        {
            var space = System.Numerics.BigInteger.Pow(Base, width);
            var lowValue = low is null ? System.Numerics.BigInteger.Zero : ValueAt(low, width);
            var room = (high is null ? space : ValueAt(high, width)) - lowValue;
            if (room < ((System.Numerics.BigInteger)count + 1) * 256) continue;
            var ranks = new List<string>(count);
            for (var i = 1; i <= count; i++)
            {
                var value = lowValue + room / 4 + room * i / (2 * (count + 1));
                if (value % Base == 0) value += 1;
                ranks.Add(ToDigits(value, width));
            }
            return ranks;
        }
        return null;
    }

    /// <summary>The rank as a whole number of units at <paramref name="width"/> digits (it is padded with zeros, never cut).</summary>
    private static System.Numerics.BigInteger ValueAt(string rank, int width)
    {
        var value = System.Numerics.BigInteger.Zero;
        for (var i = 0; i < width; i++) value = value * Base + (i < rank.Length ? Value(rank[i]) : 0);
        return value;
    }

    /// <summary>
    /// The rank <paramref name="units"/> units after <paramref name="rank"/> at its own length (carrying, and skipping
    /// a trailing zero); null when there is no such rank of that length (past "zz…z").
    /// </summary>
    public static string? After(string rank, int units = 1)
    {
        if (!IsValid(rank)) throw new ArgumentException($"'{rank}' is not a rank.", nameof(rank));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        var digits = rank.Select(Value).ToArray();
        for (var n = 0; n < units; n++)
        {
            do
            {
                if (!Increment(digits)) return null;
            } while (digits[^1] == 0);
        }
        return new string(digits.Select(d => Digits[d]).ToArray());
    }

    /// <summary>
    /// The rank <paramref name="units"/> units before <paramref name="rank"/> at its own length (borrowing, and skipping
    /// a trailing zero); null when there is no such rank of that length (before "00…01").
    /// </summary>
    public static string? Before(string rank, int units = 1)
    {
        if (!IsValid(rank)) throw new ArgumentException($"'{rank}' is not a rank.", nameof(rank));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        var digits = rank.Select(Value).ToArray();
        for (var n = 0; n < units; n++)
        {
            do
            {
                if (!Decrement(digits)) return null;
            } while (digits[^1] == 0);
        }
        return new string(digits.Select(d => Digits[d]).ToArray());
    }

    private static bool Increment(int[] digits)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (++digits[i] < Base) return true;
            digits[i] = 0;
        }
        return false;
    }

    private static bool Decrement(int[] digits)
    {
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            if (--digits[i] >= 0) return true;
            digits[i] = Base - 1;
        }
        return false;
    }

    public static bool NeedsRebalance(string rank) => rank.Length > ShortLength;

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
