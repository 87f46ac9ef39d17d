namespace Tandem.Application.Common;

public static class ValidationRules
{
    /// <summary>
    /// Adds the model's refusal (from <see cref="Rules"/>) to the field errors the handler found itself (parsing,
    /// rules that need the database), so a form learns every mistake at once. A field the handler already
    /// named keeps its message: a value that did not parse is not the model's to judge.
    /// </summary>
    public static Validation Include(this Validation validation, Error? refused)
    {
        if (refused?.Fields is not { } fields) return validation;
        var named = validation.Result?.Fields;
        foreach (var (field, messages) in fields)
        {
            if (named?.ContainsKey(field) == true) continue;
            foreach (var message in messages) validation.Add(field, message);
        }
        return validation;
    }
}
