using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tandem.Application.Security;
using Tandem.Domain.Security;

namespace Tandem.Application.Identity;

/// <summary>
/// Identity's user manager with one addition: the failed sign-in that locks an account also rotates its
/// security stamp, so every session opened before the lockout ends with it (ADR 0022), and records the lockout (ADR 0027). Identity leaves
/// the stamp alone on lockout, which let a bearer issued earlier keep working and mint access tokens.
/// </summary>
public sealed class TandemUserManager : UserManager<TandemUser>
{
    private readonly IServiceProvider _services;

    public TandemUserManager(
        IUserStore<TandemUser> store,
        IOptions<IdentityOptions> optionsAccessor,
        IPasswordHasher<TandemUser> passwordHasher,
        IEnumerable<IUserValidator<TandemUser>> userValidators,
        IEnumerable<IPasswordValidator<TandemUser>> passwordValidators,
        ILookupNormalizer keyNormalizer,
        IdentityErrorDescriber errors,
        IServiceProvider services,
        ILogger<UserManager<TandemUser>> logger)
        : base(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
    {
        _services = services;
    }

    public override async Task<IdentityResult> AccessFailedAsync(TandemUser user)
    {
        var wasLocked = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        if (!result.Succeeded || wasLocked || !await IsLockedOutAsync(user)) return result;
        // Recorded with the stamp that ends the sessions, by the same save (ADR 0027).
        if (_services.GetService<SecurityEvents>() is { } events)
            await events.StageAsync(user.WorkspaceId, SecurityEventKind.LockedOut, null, user.Id,
                $"Locked until {user.LockoutEnd:yyyy-MM-dd HH:mm} UTC after {Options.Lockout.MaxFailedAccessAttempts} failed sign-ins; every session ended", CancellationToken);
        return await UpdateSecurityStampAsync(user);
    }
}
