using Microsoft.EntityFrameworkCore;

namespace Tandem.Application.Data;

public static class PeopleNames
{
    /// <summary>
    /// Display names of the given people, in one query (none when the list is empty). Reads the two columns it
    /// answers with, not the account's row (its password hash and security stamp have no business here).
    /// </summary>
    public static async Task<Dictionary<Guid, string>> DisplayNamesAsync(this TandemDbContext db, IEnumerable<Guid> ids, CancellationToken ct)
    {
        var wanted = ids.Distinct().ToList();
        if (wanted.Count == 0) return [];
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName })
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }
}
