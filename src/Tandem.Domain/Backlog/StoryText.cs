namespace Tandem.Domain.Backlog;

/// <summary>
/// The three parts of "As … I want … so that …". A story's title is the sentence itself (readiness
/// checks the title, <see cref="Readiness.IsStoryForm"/>), so forms split a title into the parts and
/// join them back; splitting then joining an unchanged story gives the same title.
/// </summary>
public sealed record StoryText(string Who, string Want, string Why)
{
    /// <summary>The three parts of a title in story form, or null when the title is not one.</summary>
    public static StoryText? Parse(string title)
    {
        if (!Readiness.IsStoryForm(title)) return null;
        var t = title.Trim();
        var iWant = t.IndexOf(" I want ", StringComparison.OrdinalIgnoreCase);
        var soThat = t.IndexOf(" so that ", StringComparison.OrdinalIgnoreCase);
        return new StoryText(t[3..iWant].Trim(), t[(iWant + 8)..soThat].Trim(), t[(soThat + 9)..].Trim());
    }

    /// <summary>True when any of the three fields was filled in, i.e. the person means to write a story.</summary>
    public static bool AnyGiven(string? who, string? want, string? why) =>
        !string.IsNullOrWhiteSpace(who) || !string.IsNullOrWhiteSpace(want) || !string.IsNullOrWhiteSpace(why);

    /// <summary>Joins the fields into a title, or explains per field what is missing.</summary>
    public static (string? Title, Dictionary<string, string[]>? Errors) Compose(string? who, string? want, string? why)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(who)) errors["storyWho"] = ["Say who the story is for (\"a merchant\")."];
        if (string.IsNullOrWhiteSpace(want)) errors["storyWant"] = ["Say what they want (\"to see payouts by day\")."];
        if (string.IsNullOrWhiteSpace(why)) errors["storyWhy"] = ["Say why they want it (\"I can reconcile with my bank\")."];
        if (errors.Count > 0) return (null, errors);
        var persona = who!.Trim();
        // "As a …" / "As an …" is what readiness recognises; add the article when the person left it out.
        if (!persona.StartsWith("a ", StringComparison.OrdinalIgnoreCase) && !persona.StartsWith("an ", StringComparison.OrdinalIgnoreCase))
            persona = ("aeiou".Contains(char.ToLowerInvariant(persona[0]), StringComparison.Ordinal) ? "an " : "a ") + persona;
        return ($"As {persona} I want {want!.Trim()} so that {why!.Trim()}", null);
    }
}
