using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Backlog;
using Tandem.Domain.DecisionRights;

namespace Tandem.Application.Backlog;

public sealed record DefinitionsDto(string ProductKey, IReadOnlyList<string> Ready, IReadOnlyList<string> Done);

public sealed record DefinitionRequest(IReadOnlyList<string>? Entries);

/// <summary>The product's Definition of Ready and Definition of Done: the PO edits them, everyone reads them.</summary>
public sealed class DefinitionsFeature(TandemDbContext db, DecisionRightsService rights, TimeProvider clock)
{
    public async Task<Result<DefinitionsDto>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        return await DtoAsync(product.Id, product.Key, ct);
    }

    public async Task<Result<DefinitionsDto>> ReplaceAsync(string key, string kindText, DefinitionRequest request, CancellationToken ct)
    {
        DefinitionKind kind;
        if (string.Equals(kindText, "ready", StringComparison.OrdinalIgnoreCase)) kind = DefinitionKind.Ready;
        else if (string.Equals(kindText, "done", StringComparison.OrdinalIgnoreCase)) kind = DefinitionKind.Done;
        else return Error.NotFound($"There is a Definition of Ready (ready) and a Definition of Done (done), not '{kindText}'.");

        if ((await rights.ProductForAsync(key, Operations.Work.EditDefinitions, ct)).Failed(out var error, out var product)) return error;
        if (Rules.Create(() => DefinitionEntry.List(product.WorkspaceId, product.Id, kind, request.Entries, clock.GetUtcNow()))
            .Failed(out var invalid, out var entries)) return invalid;
        if (await rights.DecideAsync(product, Operations.Work.EditDefinitions, new DecisionRecord(
                $"Changed the Definition of {kind} of {product.Key} ({entries.Count} line{(entries.Count == 1 ? "" : "s")})",
                "definition", $"{product.Key}:{EnumText.Slug(kind)}", string.Join("; ", entries.Select(e => e.Text))), ct) is { } refused)
            return refused;
        db.Definitions.RemoveRange(await db.Definitions.Where(d => d.ProductId == product.Id && d.Kind == kind).ToListAsync(ct));
        db.Definitions.AddRange(entries);
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
