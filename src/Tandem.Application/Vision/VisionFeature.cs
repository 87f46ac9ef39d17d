using Microsoft.EntityFrameworkCore;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.DecisionRights;
using Tandem.Domain.Products;
using Tandem.Domain.Vision;

namespace Tandem.Application.Vision;

public sealed record GoalDto(Guid Id, string Title, string Outcome, DateOnly TargetDate, string Status, int Version) : IVersioned;

public sealed record VisionDto(string ProductKey, string Statement, string TargetUsers, string Problem, string ProblemHtml, DateTimeOffset? UpdatedAt, int Version, IReadOnlyList<GoalDto> Goals) : IVersioned;

public sealed record VisionRequest(string? Statement, string? TargetUsers, string? Problem);

public sealed record GoalRequest(string? Title, string? Outcome, DateOnly? TargetDate, string? Status);

/// <summary>Product vision and goals: the Product Owner decides, the team and stakeholders read.</summary>
public sealed class VisionFeature(TandemDbContext db, DecisionRightsService rights, TimeProvider clock)
{
    public async Task<Result<VisionDto>> GetAsync(string key, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Products.Read, ct)).Failed(out var error, out var product)) return error;
        return await DtoAsync(product, ct);
    }

    public async Task<Result<VisionDto>> RewriteAsync(string key, VisionRequest request, int? ifMatch, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Vision.Edit, ct)).Failed(out var error, out var product)) return error;
        var vision = await db.Visions.FirstOrDefaultAsync(v => v.ProductId == product.Id, ct);
        if (vision is null)
        {
            vision = ProductVision.Empty(product.WorkspaceId, product.Id, clock.GetUtcNow());
            db.Visions.Add(vision);
        }
        if (ifMatch is { } expected && expected != vision.Version)
            return Error.Stale($"The vision of {product.Key} was changed by someone else (version {vision.Version}, you sent {expected}). Reload it and try again.");
        if (Rules.Apply(() => vision.Rewrite(request.Statement, request.TargetUsers, request.Problem, clock.GetUtcNow())) is { } invalid) return invalid;
        return await DecideAndSaveAsync(product, $"Rewrote the vision of {product.Key}", "vision", product.Key, ct);
    }

    public async Task<Result<VisionDto>> AddGoalAsync(string key, GoalRequest request, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Vision.Edit, ct)).Failed(out var error, out var product)) return error;
        var validation = new Validation();
        var status = EnumText.Optional<GoalStatus>(request.Status, "status", validation) ?? GoalStatus.OnTrack;
        if (validation.Result is { } badStatus) return badStatus;
        if (Rules.Create(() => ProductGoal.Create(product.WorkspaceId, product.Id, request.Title, request.Outcome, request.TargetDate, status, clock.GetUtcNow()))
            .Failed(out var invalid, out var goal)) return invalid;
        db.Goals.Add(goal);
        return await DecideAndSaveAsync(product, $"Added goal \"{goal.Title}\" ({goal.Outcome} by {goal.TargetDate:yyyy-MM-dd})", "goal", goal.Id.ToString(), ct);
    }

    public async Task<Result<VisionDto>> ChangeGoalAsync(string key, Guid id, GoalRequest request, CancellationToken ct)
    {
        if ((await GoalAsync(key, id, ct)).Failed(out var error, out var found)) return error;
        var (goal, product) = found;
        var validation = new Validation();
        var status = EnumText.Optional<GoalStatus>(request.Status, "status", validation) ?? goal.Status;
        if (validation.Result is { } badStatus) return badStatus;
        var before = goal.Status;
        if (Rules.Apply(() => goal.Change(request.Title, request.Outcome, request.TargetDate, status)) is { } invalid) return invalid;
        var summary = before != goal.Status
            ? $"Goal \"{goal.Title}\" is now {EnumText.Slug(goal.Status)} (was {EnumText.Slug(before)})"
            : $"Changed goal \"{goal.Title}\"";
        return await DecideAndSaveAsync(product, summary, "goal", goal.Id.ToString(), ct);
    }

    public async Task<Result<VisionDto>> RemoveGoalAsync(string key, Guid id, CancellationToken ct)
    {
        if ((await GoalAsync(key, id, ct)).Failed(out var error, out var found)) return error;
        var (goal, product) = found;
        db.Goals.Remove(goal);
        return await DecideAndSaveAsync(product, $"Removed goal \"{goal.Title}\"", "goal", goal.Id.ToString(), ct);
    }

    /// <summary>A goal of the product at <paramref name="key"/>, for the Product Owner to change.</summary>
    private async Task<Result<Owned<ProductGoal>>> GoalAsync(string key, Guid id, CancellationToken ct)
    {
        if ((await rights.ProductForAsync(key, Operations.Vision.Edit, ct)).Failed(out var error, out var product)) return error;
        var goal = await db.Goals.FirstOrDefaultAsync(g => g.Id == id && g.ProductId == product.Id, ct);
        return goal is null ? Error.NotFound($"{product.Key} has no such goal.") : new Owned<ProductGoal>(goal, product);
    }

    /// <summary>Every change of the vision and goals is a Product Owner's decision: logged with the change, in one save.</summary>
    private async Task<Result<VisionDto>> DecideAndSaveAsync(Product product, string summary, string subjectType, string subjectKey, CancellationToken ct)
    {
        if (await rights.DecideAsync(product, Operations.Vision.Edit, new DecisionRecord(summary, subjectType, subjectKey), ct) is { } refused) return refused;
        if (await db.SaveOrStaleAsync($"The vision of {product.Key}", ct) is { } stale) return stale;
        return await DtoAsync(product, ct);
    }

    private async Task<VisionDto> DtoAsync(Product product, CancellationToken ct)
    {
        var vision = await db.Visions.AsNoTracking().FirstOrDefaultAsync(v => v.ProductId == product.Id, ct);
        var goals = await db.Goals.AsNoTracking().Where(g => g.ProductId == product.Id).OrderBy(g => g.TargetDate).ThenBy(g => g.Title)
            .ToListAsync(ct);
        return new VisionDto(product.Key, vision?.Statement ?? "", vision?.TargetUsers ?? "", vision?.Problem ?? "",
            Markdown.ToSafeHtml(vision?.Problem), vision?.UpdatedAt, vision?.Version ?? 0,
            goals.Select(g => new GoalDto(g.Id, g.Title, g.Outcome, g.TargetDate, EnumText.Slug(g.Status), g.Version)).ToList());
    }
}
