namespace Tandem.Domain.Common;

/// <summary>
/// A rule of the model refused a change. It carries every field the change got wrong, not just the
/// first, so a handler never validates a field the model already checks. The Application layer turns
/// it into an invalid outcome in one place (<c>Rules.Apply</c>); it never escapes as a 500.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string field, string message)
        : this(new Dictionary<string, string[]> { [field] = [message] })
    {
    }

    public DomainException(IReadOnlyDictionary<string, string[]> fields)
        : base(string.Join(" ", fields.SelectMany(f => f.Value)))
    {
        Fields = fields;
    }

    /// <summary>Each field the change got wrong, with what is wrong with it.</summary>
    public IReadOnlyDictionary<string, string[]> Fields { get; }

    /// <summary>The first field, for callers that show one message.</summary>
    public string Field => Fields.Keys.First();
}

/// <summary>
/// Collects every broken rule of one change before refusing it, so a form learns all its mistakes at
/// once: <c>new RuleCheck().Require(ok, "title", "…").Require(…).ThrowIfBroken();</c>
/// </summary>
public sealed class RuleCheck
{
    private readonly Dictionary<string, List<string>> _broken = new(StringComparer.Ordinal);

    public RuleCheck Require(bool ok, string field, string message)
    {
        if (!ok)
        {
            if (!_broken.TryGetValue(field, out var list)) _broken[field] = list = [];
            list.Add(message);
        }
        return this;
    }

    public bool IsBroken => _broken.Count > 0;

    public void ThrowIfBroken()
    {
        if (IsBroken) throw new DomainException(_broken.ToDictionary(b => b.Key, b => b.Value.ToArray()));
    }
}
