using Tandem.Application.DecisionRights;
using System.Net.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.Identity;
using Tandem.Application.Mail;
using Tandem.Application.Security;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Security;

namespace Tandem.Application.People;

public sealed record PersonDto(Guid Id, string DisplayName, string Email, bool IsWorkspaceAdmin, bool PasswordPending, DateTimeOffset CreatedAt, bool IsRemoved = false);

public sealed record InviteRequest(string? Email, string? DisplayName, bool IsWorkspaceAdmin = false);

/// <summary>The invited person and the one-time link that lets them choose a password; <paramref name="Mailed"/> when it also goes to them by mail (SMTP configured).</summary>
public sealed record InvitationDto(PersonDto Person, string SetPasswordUrl, bool Mailed = false);

public sealed record SetPasswordRequest(Guid UserId, string? Token, string? Password);

/// <summary>The people of the current workspace; the workspace admin adds them.</summary>
public sealed class PeopleFeature(TandemDbContext db, CurrentUser me, UserManager<TandemUser> users, TimeProvider clock, DecisionRightsService rights, AccountSecurity security, SecurityEvents events,
    ProductNumbers transactions, MailOutbox outbox, MailTokens mailTokens)
{
    public async Task<Result<Page<PersonDto>>> ListAsync(int? limit, string? cursor, string? search, CancellationToken ct)
    {
        if (Paging.ValidateLimit(limit) is { } bad) return bad;
        var take = limit ?? Paging.DefaultLimit;
        var query = db.Users.AsNoTracking().Where(u => u.WorkspaceId == me.WorkspaceId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToUpperInvariant();
            query = query.Where(u => u.DisplayName.ToUpper().Contains(term) || u.NormalizedEmail!.Contains(term));
        }
        if (cursor is not null)
        {
            if (!Paging.TryDecode(cursor, out var after)) return Paging.BadCursor;
            var parts = after.Split('\n');
            if (parts.Length != 2 || !Guid.TryParse(parts[1], out var afterId)) return Paging.BadCursor;
            var afterName = parts[0];
            query = query.Where(u => string.Compare(u.DisplayName, afterName) > 0 || (u.DisplayName == afterName && u.Id.CompareTo(afterId) > 0));
        }
        var rows = await query.OrderBy(u => u.DisplayName).ThenBy(u => u.Id).Take(take + 1).ToListAsync(ct);
        var items = rows.Take(take).Select(ToDto).ToList();
        var next = rows.Count > take ? Paging.Encode($"{items[^1].DisplayName}\n{items[^1].Id}") : null;
        return new Page<PersonDto>(items, next);
    }

    public async Task<Result<InvitationDto>> InviteAsync(InviteRequest request, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.InvitePeople, ct) is { } refused) return refused;

        var email = request.Email?.Trim() ?? "";
        var name = request.DisplayName?.Trim() ?? "";
        var validation = new Validation()
            .Require(IsEmail(email), "email", "Give a valid email address, such as alice@example.com.")
            .Require(name.Length > 0, "displayName", "Give the person's name as the team knows them.")
            .Require(name.Length <= TandemUser.DisplayNameMaxLength, "displayName", $"A name has at most {TandemUser.DisplayNameMaxLength} characters.");
        if (validation.Result is { } invalid) return invalid;

        // With SMTP, the link's mail is queued in the transaction that creates the account (ADR 0037): both or neither.
        return outbox.Enabled ? await transactions.InTransactionAsync(() => CreateAsync(email, name, request.IsWorkspaceAdmin, ct), ct) : await CreateAsync(email, name, request.IsWorkspaceAdmin, ct);
    }

    private async Task<Result<InvitationDto>> CreateAsync(string email, string name, bool isWorkspaceAdmin, CancellationToken ct)
    {
        if (await users.FindByEmailAsync(email) is not null)
            return Error.Conflict($"There is already an account for {email}.");

        var user = new TandemUser
        {
            Id = Guid.CreateVersion7(clock.GetUtcNow()),
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = name,
            WorkspaceId = me.WorkspaceId,
            IsWorkspaceAdmin = isWorkspaceAdmin,
            CreatedAt = clock.GetUtcNow(),
            PasswordPending = true,
        };
        // Staged first, so Identity's own save of the account writes them too; taken back if it refuses.
        var staged = new List<SecurityEvent> { await events.StageAsync(SecurityEventKind.PersonAdded, user.Id, $"{name} <{email}>", ct) };
        if (user.IsWorkspaceAdmin) staged.Add(await events.StageAsync(SecurityEventKind.WorkspaceAdminGranted, user.Id, $"{name} joined as a workspace admin", ct));
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            staged.ForEach(events.Discard);
            return IdentityErrors.ToError(created, "email");
        }

        var token = await users.GeneratePasswordResetTokenAsync(user);
        var link = SetPasswordLink(user.Id, token);
        if (!outbox.Enabled) return new InvitationDto(ToDto(user), link);
        // Sealed in the outbox, erased once sent: the link is as good as a password until it is used.
        db.MailOutbox.Add(OutgoingMail.ForSetPassword(user.Id, mailTokens.Seal(link), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return new InvitationDto(ToDto(user), link, Mailed: true);
    }

    /// <summary>
    /// Removes a person from the workspace: the account stays, so their name still stands on what they did,
    /// but it can never sign in again, every session ends at once and every access token is revoked (ADR 0022).
    /// </summary>
    public async Task<Result<Unit>> RemoveAsync(Guid userId, CancellationToken ct)
    {
        if (await rights.AuthorizeWorkspaceAsync(Operations.Members.InvitePeople, ct) is { } refused) return refused;
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.WorkspaceId == me.WorkspaceId, ct);
        if (user is null) return Error.NotFound("There is no such person in your workspace.");
        if (user.Id == me.UserId) return Error.Conflict("You cannot remove yourself; ask another workspace admin.");
        await users.SetLockoutEnabledAsync(user, true);
        await events.StageAsync(SecurityEventKind.PersonRemoved, user.Id, $"{user.DisplayName} <{user.Email}>; sessions ended, access tokens revoked", ct);
        await users.SetLockoutEndDateAsync(user, TandemUser.RemovedUntil);
        await security.EndSessionsAsync(user.Id, revokeAccessTokens: true, ct);
        return Unit.Value;
    }

    /// <summary>Redeems a one-time link: the token is bound to the account's security stamp, which changes once used.</summary>
    public async Task<Result<PersonDto>> SetPasswordAsync(SetPasswordRequest request)
    {
        var user = await users.FindByIdAsync(request.UserId.ToString());
        if (user is null || string.IsNullOrEmpty(request.Token))
            return Error.Invalid("token", "This link is not valid. Ask your workspace admin for a new one.");
        if (string.IsNullOrEmpty(request.Password))
            return Error.Invalid("password", "Choose a password.");
        var staged = await events.StageAsync(user.WorkspaceId, SecurityEventKind.PasswordSet, user.Id, user.Id,
            user.PasswordPending ? "First password, from an invitation link" : "New password, from a set-password link", CancellationToken.None);
        var result = await users.ResetPasswordAsync(user, request.Token, request.Password);
        if (!result.Succeeded)
        {
            events.Discard(staged);
            return IdentityErrors.ToError(result, "password");
        }
        user.PasswordPending = false;
        await users.UpdateAsync(user);
        return ToDto(user);
    }

    public static string SetPasswordLink(Guid userId, string token) =>
        $"/set-password?user={userId}&token={Uri.EscapeDataString(token)}";

    private static bool IsEmail(string email) =>
        email.Length is > 3 and <= 254 && MailAddress.TryCreate(email, out var parsed) && parsed.Address == email;

    internal static PersonDto ToDto(TandemUser u) => new(u.Id, u.DisplayName, u.Email ?? "", u.IsWorkspaceAdmin, u.PasswordPending, u.CreatedAt, u.IsRemoved);
}

public static class IdentityErrors
{
    /// <summary>Identity's error codes, sorted onto the field they concern.</summary>
    public static Error ToError(IdentityResult result, string defaultField)
    {
        var fields = new Dictionary<string, string[]>();
        foreach (var group in result.Errors.GroupBy(e => FieldOf(e.Code, defaultField)))
            fields[group.Key] = group.Select(e => e.Description).ToArray();
        return Error.Invalid(fields);
    }

    private static string FieldOf(string code, string defaultField) => code switch
    {
        _ when code.StartsWith("Password", StringComparison.Ordinal) => "password",
        "InvalidToken" => "token",
        _ when code.Contains("Email", StringComparison.Ordinal) || code.Contains("UserName", StringComparison.Ordinal) => "email",
        _ => defaultField,
    };
}
