using Microsoft.AspNetCore.Http.HttpResults;
using Tandem.Application.Products;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Products;

public static class ProductsApi
{
    public static void MapProductsApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/products").WithTags("Products").RequireAuthorization();

        group.MapGet("/", async Task<Results<Ok<Page<ProductDto>>, ProblemHttpResult>> (int? limit, string? cursor, ProductsFeature products, CancellationToken ct) =>
            (await products.ListAsync(limit, cursor, ct)).ToOk())
            .WithSummary("Products you hold a role on (all of them for a workspace admin)");

        group.MapGet("/{key}", async Task<Results<Ok<ProductDto>, ProblemHttpResult>> (string key, ProductsFeature products, HttpContext context, CancellationToken ct) =>
            (await products.GetAsync(key, ct)).ToOk(context))
            .Performs(Operations.Products.Read).WithSummary("One product, with your roles on it");

        group.MapPost("/", async Task<Results<Created<ProductDto>, ProblemHttpResult>> (CreateProductRequest request, ProductsFeature products, HttpContext context, CancellationToken ct) =>
            (await products.CreateAsync(request, ct)).ToCreated(created => $"/api/v1/products/{created.Key}", context))
            .Performs(Operations.Members.CreateProduct).WithSummary("Create a product (workspace admin)");

        group.MapPatch("/{key}", async Task<Results<Ok<ProductDto>, ProblemHttpResult>> (string key, RenameProductRequest request, ProductsFeature products, HttpContext context, CancellationToken ct) =>
            (await products.RenameAsync(key, request, ETags.IfMatch(context), ct)).ToOk(context))
            .Performs(Operations.Members.CreateProduct).WithSummary("Rename a product (workspace admin; honours If-Match)");
    }
}
