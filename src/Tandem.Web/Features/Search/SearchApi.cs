using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Search;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Search;

public static class SearchApi
{
    public static void MapSearchApi(this IEndpointRouteBuilder api)
    {
        // No single operation: each product is read only when the decision-rights table lets the caller read it (ADR 29).
        api.MapGet("/search", async Task<Results<Ok<SearchResults>, ProblemHttpResult>> (string? q, int? limit, string? product, SearchFeature search, CancellationToken ct) =>
                (await search.SearchAsync(q, limit, product, ct)).ToOk())
            .RequireAuthorization().WithTags("Search")
            .WithSummary("Items by key or title across the products you may read, and the actions you may take on one (the command palette)");
    }
}
