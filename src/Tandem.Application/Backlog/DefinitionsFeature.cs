using Microsoft.EntityFrameworkCore;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record DefinitionsDto(string ProductKey, IReadOnlyList<string> Ready, IReadOnlyList<string> Done);

public sealed record DefinitionRequest(IReadOnlyList<string>? Entries);

/// <summary>The product's Definition of Ready and Definition of Done: the PO edits them, everyone reads them.</summary>
public sealed class DefinitionsFeature(TandemDbContext db, DecisionRightsService rights, TimeProvider clock)
{
    public async Task<Result<DefinitionsDto>> GetAsync(string key, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Products.Read, ct);
        return found.IsSuccess ? await DtoAsync(found.Value!.Id, found.Value.Key, ct) : found.Error!;
    }

    public async Task<Result<DefinitionsDto>> ReplaceAsync(string key, string kindText, DefinitionRequest request, CancellationToken ct)
    {
        DefinitionKind kind;
        if (string.Equals(kindText, "ready", StringComparison.OrdinalIgnoreCase)) kind = DefinitionKind.Ready;
        else if (string.Equals(kindText, "done", StringComparison.OrdinalIgnoreCase)) kind = DefinitionKind.Done;
        else return Error.NotFound($"There is a Definition of Ready (ready) and a Definition of Done (done), not '{kindText}'.");

        var found = await rights.ProductForAsync(key, Operations.Work.EditDefinitions, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;

        IReadOnlyList<DefinitionEntry> entries;
        try
        {
            entries = DefinitionEntry.List(product.WorkspaceId, product.Id, kind, request.Entries, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        db.Definitions.RemoveRange(await db.Definitions.Where(d => d.ProductId == product.Id && d.Kind == kind).ToListAsync(ct));
        db.Definitions.AddRange(entries);
        await rights.RecordAsync(product, Operations.Work.EditDefinitions,
            $"Changed the Definition of {kind} of {product.Key} ({entries.Count} line{(entries.Count == 1 ? "" : "s")})",
            string.Join("; ", entries.Select(e => e.Text)), "definition", $"{product.Key}:{kind.ToString().ToLowerInvariant()}", ct);
        await db.SaveChangesAsync(ct);
        return await DtoAsync(product.Id, product.Key, ct);
    }

    private async Task<DefinitionsDto> DtoAsync(Guid productId, string productKey, CancellationToken ct)
    {
        var entries = await db.Definitions.AsNoTracking().Where(d => d.ProductId == productId).OrderBy(d => d.Kind).ThenBy(d => d.Position).ToListAsync(ct);
        return new DefinitionsDto(productKey,
            entries.Where(e => e.Kind == DefinitionKind.Ready).Select(e => e.Text).ToList(),
            entries.Where(e => e.Kind == DefinitionKind.Done).Select(e => e.Text).ToList());
    }
}
