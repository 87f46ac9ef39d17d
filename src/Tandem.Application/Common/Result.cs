using System.Diagnostics.CodeAnalysis;
using Tandem.Domain.Common;

namespace Tandem.Application.Common;

public enum ErrorKind
{
    NotFound,
    Invalid,
    Conflict,
    Forbidden,
    PreconditionFailed,
    Unauthorized,
    TooManyRequests,
}

/// <summary>
/// Why a use case did not happen. One error model for the API and the UI: the web layer
/// turns it into an RFC 9457 ProblemDetails, pages show <see cref="Detail"/> and the field errors.
/// </summary>
public sealed record Error(ErrorKind Kind, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Fields = null)
{
    public static Error NotFound(string detail) => new(ErrorKind.NotFound, "Not found", detail);
    public static Error Conflict(string detail) => new(ErrorKind.Conflict, "Conflict", detail);
    public static Error Forbidden(string detail) => new(ErrorKind.Forbidden, "Not your decision", detail);
    public static Error Unauthorized(string detail) => new(ErrorKind.Unauthorized, "Not signed in", detail);
    public static Error TooManyRequests(string detail) => new(ErrorKind.TooManyRequests, "Too many attempts", detail);
    public static Error Stale(string detail) => new(ErrorKind.PreconditionFailed, "Changed since you read it", detail);

    public static Error Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static Error Invalid(IReadOnlyDictionary<string, string[]> fields) =>
        new(ErrorKind.Invalid, "Invalid request", string.Join(" ", fields.SelectMany(f => f.Value)), fields);

    /// <summary>The model's refusal as an invalid outcome: every field it named, with its own words.</summary>
    public static Error From(DomainException refused) => Invalid(refused.Fields);
}

/// <summary>A use case's outcome: a value, or the <see cref="Error"/> that explains why not.</summary>
public readonly struct Result<T>
{
    private Result(T? value, Error? error)
    {
        Value = value;
        Error = error;
    }

    public T? Value { get; }
    public Error? Error { get; }
    public bool IsSuccess => Error is null;

    public static implicit operator Result<T>(T value) => new(value, null);

    /// <summary>For values of interface type, which C# cannot convert implicitly.</summary>
    public static Result<T> Ok(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);

    public Result<TOut> Map<TOut>(Func<T, TOut> map) => IsSuccess ? map(Value!) : Error!;

    /// <summary>
    /// The one way to unwrap an outcome, without <c>!</c>:
    /// <c>if (found.Failed(out var error, out var item)) return error;</c> and <c>item</c> is the value from there on.
    /// </summary>
    public bool Failed([NotNullWhen(true)] out Error? error, [NotNullWhen(false)] out T? value)
    {
        error = Error;
        value = Value;
        return error is not null;
    }
}

/// <summary>Runs a change of the model and turns its refusal into an outcome: the only place a handler meets <see cref="DomainException"/>.</summary>
public static class Rules
{
    /// <summary>Null when the model took the change; otherwise the invalid outcome naming every field it refused.</summary>
    public static Error? Apply(Action change)
    {
        try
        {
            change();
            return null;
        }
        catch (DomainException refused)
        {
            return Error.From(refused);
        }
    }

    /// <summary>A new entity from a factory that refuses invalid state, or the invalid outcome.</summary>
    public static Result<T> Create<T>(Func<T> create)
    {
        try
        {
            return create();
        }
        catch (DomainException refused)
        {
            return Error.From(refused);
        }
    }
}

/// <summary>Collects field errors; <see cref="Result"/> is null when there are none.</summary>
public sealed class Validation
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public Validation Require(bool ok, string field, string message)
    {
        if (!ok) Add(field, message);
        return this;
    }

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list)) _errors[field] = list = [];
        list.Add(message);
        return this;
    }

    public bool IsValid => _errors.Count == 0;

    public Error? Result => IsValid ? null : Error.Invalid(_errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}

public sealed record Unit
{
    public static readonly Unit Value = new();
}
