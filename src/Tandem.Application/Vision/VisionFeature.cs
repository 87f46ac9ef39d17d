using Microsoft.EntityFrameworkCore;
using Tandem.Application.Backlog;
using Tandem.Application.Common;
using Tandem.Application.Data;
using Tandem.Application.DecisionRights;
using Tandem.Domain.Common;
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
        var found = await rights.ProductForAsync(key, Operations.Products.Read, ct);
        return found.IsSuccess ? await DtoAsync(found.Value!, ct) : found.Error!;
    }

    public async Task<Result<VisionDto>> RewriteAsync(string key, VisionRequest request, int? ifMatch, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Vision.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var vision = await db.Visions.FirstOrDefaultAsync(v => v.ProductId == product.Id, ct);
        if (vision is null)
        {
            vision = ProductVision.Empty(product.WorkspaceId, product.Id, clock.GetUtcNow());
            db.Visions.Add(vision);
        }
        if (ifMatch is { } expected && expected != vision.Version)
            return Error.Stale($"The vision of {product.Key} was changed by someone else (version {vision.Version}, you sent {expected}). Reload it and try again.");
        try
        {
            vision.Rewrite(request.Statement, request.TargetUsers, request.Problem, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        await rights.RecordAsync(product, Operations.Vision.Edit, $"Rewrote the vision of {product.Key}", null, "vision", product.Key, ct);
        return await SaveAsync(product, ct);
    }

    public async Task<Result<VisionDto>> AddGoalAsync(string key, GoalRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Vision.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        if (Validate(request) is { } invalid) return invalid;
        ProductGoal goal;
        try
        {
            goal = ProductGoal.Create(product.WorkspaceId, product.Id, request.Title, request.Outcome, request.TargetDate!.Value, Status(request.Status) ?? GoalStatus.OnTrack, clock.GetUtcNow());
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        db.Goals.Add(goal);
        await rights.RecordAsync(product, Operations.Vision.Edit, $"Added goal \"{goal.Title}\" ({goal.Outcome} by {goal.TargetDate:yyyy-MM-dd})", null, "goal", goal.Id.ToString(), ct);
        return await SaveAsync(product, ct);
    }

    public async Task<Result<VisionDto>> ChangeGoalAsync(string key, Guid id, GoalRequest request, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Vision.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var goal = await db.Goals.FirstOrDefaultAsync(g => g.Id == id && g.ProductId == product.Id, ct);
        if (goal is null) return Error.NotFound($"{product.Key} has no such goal.");
        if (Validate(request) is { } invalid) return invalid;
        var before = goal.Status;
        try
        {
            goal.Change(request.Title, request.Outcome, request.TargetDate!.Value, Status(request.Status) ?? goal.Status);
        }
        catch (DomainException e)
        {
            return Error.Invalid(e.Field, e.Message);
        }
        var summary = before != goal.Status
            ? $"Goal \"{goal.Title}\" is now {EnumText.Slug(goal.Status)} (was {EnumText.Slug(before)})"
            : $"Changed goal \"{goal.Title}\"";
        await rights.RecordAsync(product, Operations.Vision.Edit, summary, null, "goal", goal.Id.ToString(), ct);
        return await SaveAsync(product, ct);
    }

    public async Task<Result<VisionDto>> RemoveGoalAsync(string key, Guid id, CancellationToken ct)
    {
        var found = await rights.ProductForAsync(key, Operations.Vision.Edit, ct);
        if (!found.IsSuccess) return found.Error!;
        var product = found.Value!;
        var goal = await db.Goals.FirstOrDefaultAsync(g => g.Id == id && g.ProductId == product.Id, ct);
        if (goal is null) return Error.NotFound($"{product.Key} has no such goal.");
        db.Goals.Remove(goal);
        await rights.RecordAsync(product, Operations.Vision.Edit, $"Removed goal \"{goal.Title}\"", null, "goal", goal.Id.ToString(), ct);
        return await SaveAsync(product, ct);
    }

    private static Error? Validate(GoalRequest request)
    {
        var validation = new Validation()
            .Require(request.TargetDate is not null, "targetDate", "A goal needs a target date (YYYY-MM-DD).");
        if (!string.IsNullOrWhiteSpace(request.Status) && Status(request.Status) is null)
            validation.Add("status", $"'{request.Status}' is not a goal status; use on-track, at-risk or achieved.");
        return validation.Result;
    }

    private static GoalStatus? Status(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        foreach (var s in Enum.GetValues<GoalStatus>())
            if (string.Equals(EnumText.Slug(s), value.Trim(), StringComparison.OrdinalIgnoreCase) || string.Equals(s.ToString(), value.Trim(), StringComparison.OrdinalIgnoreCase))
                return s;
        return null;
    }

    private async Task<Result<VisionDto>> SaveAsync(Product product, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Error.Stale($"The vision of {product.Key} was changed by someone else while you were saving. Reload it and try again.");
        }
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
