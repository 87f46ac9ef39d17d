using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.MyWork;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Features.Home;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.MyWork;

/// <summary>What waits for the person's decision on one product, worded and linked as the home words it.</summary>
public sealed record ProductAwaitingDto(string ProductKey, string ProductName, IReadOnlyList<AwaitingDecision> Awaiting);

/// <summary>"My work" as the page shows it and the API answers it.</summary>
public sealed record MyWorkDto(WorkList Assigned, IReadOnlyList<ProductAwaitingDto> Awaiting, WorkList Following, int ProductsTotal, int ProductsChecked)
{
    public static MyWorkDto From(MyWorkData work) => new(work.Assigned,
        work.Awaiting.Select(p => new ProductAwaitingDto(p.ProductKey, p.ProductName, p.Awaiting.Select(HomeDto.Word).ToList())).ToList(),
        work.Following, work.ProductsTotal, Math.Min(work.ProductsTotal, MyWorkFeature.ProductsChecked));
}

public static class MyWorkApi
{
    public static void MapMyWorkApi(this IEndpointRouteBuilder api)
    {
        // Personal, like /me: it reads only what the person's own roles let them read, product by product.
        api.MapGet("/me/work", async Task<Results<Ok<MyWorkDto>, ProblemHttpResult>> (MyWorkFeature work, CancellationToken ct) =>
            (await work.GetAsync(ct)).Map(MyWorkDto.From).ToOk())
            .WithTags("My work").RequireAuthorization()
            .WithSummary("What is assigned to you, what waits for your decision across products, and what you follow");

        var follow = api.MapGroup("/items/{itemKey}/follow").WithTags("My work").RequireAuthorization();
        follow.MapGet("", async Task<Results<Ok<FollowDto>, ProblemHttpResult>> (string itemKey, MyWorkFeature work, CancellationToken ct) =>
            (await work.IsFollowingAsync(itemKey, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Whether you follow the item");
        follow.MapPut("", async Task<Results<Ok<FollowDto>, ProblemHttpResult>> (string itemKey, MyWorkFeature work, CancellationToken ct) =>
            (await work.FollowAsync(itemKey, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Follow the item: it shows under what you follow on My work");
        follow.MapDelete("", async Task<Results<Ok<FollowDto>, ProblemHttpResult>> (string itemKey, MyWorkFeature work, CancellationToken ct) =>
            (await work.UnfollowAsync(itemKey, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Stop following the item");
    }
}
