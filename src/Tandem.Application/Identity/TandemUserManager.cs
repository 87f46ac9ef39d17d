using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tandem.Application.Identity;

/// <summary>
/// Identity's user manager with one addition: the failed sign-in that locks an account also rotates its
/// security stamp, so every session opened before the lockout ends with it (ADR 0022). Identity leaves
/// the stamp alone on lockout, which let a bearer issued earlier keep working and mint access tokens.
/// </summary>
public sealed class TandemUserManager(
    IUserStore<TandemUser> store,
    IOptions<IdentityOptions> optionsAccessor,
    IPasswordHasher<TandemUser> passwordHasher,
    IEnumerable<IUserValidator<TandemUser>> userValidators,
    IEnumerable<IPasswordValidator<TandemUser>> passwordValidators,
    ILookupNormalizer keyNormalizer,
    IdentityErrorDescriber errors,
    IServiceProvider services,
    ILogger<UserManager<TandemUser>> logger)
    : UserManager<TandemUser>(store, optionsAccessor, passwordHasher, userValidators, passwordValidators, keyNormalizer, errors, services, logger)
{
    public override async Task<IdentityResult> AccessFailedAsync(TandemUser user)
    {
        var wasLocked = await IsLockedOutAsync(user);
        var result = await base.AccessFailedAsync(user);
        if (result.Succeeded && !wasLocked && await IsLockedOutAsync(user)) return await UpdateSecurityStampAsync(user);
        return result;
    }
}
