using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tandem.Application.Backlog;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Backlog;

public static class BacklogApi
{
    /// <summary>Where an item lives in the API: the Location of a created item.</summary>
    internal static string ItemUrl(BacklogItemDto item) => $"/api/v1/items/{item.Key}";

    public static void MapBacklogApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}").WithTags("Backlog").RequireAuthorization();

        // Served from the backlog page cache (ADR 0009): the JSON is written as stored, byte for byte what Ok<T> would write.
        products.MapGet("/backlog", async Task<Results<Utf8JsonResult<Page<BacklogItemSummary>>, ProblemHttpResult>> (
            string key, int? limit, string? cursor, string? type, string? status, string? epic, Guid? assignee, string? q, string? label, string? needs, string? done,
            BacklogFeature backlog, IOptions<JsonOptions> json, CancellationToken ct) =>
            (await backlog.ListJsonAsync(key, new BacklogQuery(limit, cursor, type, status, epic, assignee, q, label, needs, done), json.Value.SerializerOptions, ct))
                .Failed(out var error, out var page)
                ? error.ToProblem()
                : new Utf8JsonResult<Page<BacklogItemSummary>>(page.Utf8Json, page.ETag))
            .Performs(Operations.Products.Read).WithSummary("The ranked backlog, a page at a time, with filters");

        products.MapPost("/items", async Task<Results<Created<BacklogItemDto>, ProblemHttpResult>> (string key, CreateItemRequest request, BacklogFeature backlog, HttpContext context, CancellationToken ct) =>
            (await backlog.CreateAsync(key, request, ct)).ToCreated(ItemUrl, context)).Performs(Operations.Backlog.AddItem).WithSummary("Add an item at the bottom of the backlog");

        products.MapGet("/backlog/rank-by-score", async Task<Results<Ok<RankByScorePreview>, ProblemHttpResult>> (string key, string? method, int? limit, PrioritisationFeature prioritisation, CancellationToken ct) =>
            (await prioritisation.PreviewAsync(key, method, limit, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Preview the open backlog ranked by WSJF or RICE beside today's positions");

        products.MapPost("/backlog/rank-by-score", async Task<Results<Ok<RankByScorePreview>, ProblemHttpResult>> (string key, ApplyRankByScoreRequest request, PrioritisationFeature prioritisation, CancellationToken ct) =>
            (await prioritisation.ApplyAsync(key, request, ct)).ToOk())
            .Performs(Operations.Backlog.Reorder).WithSummary("Put the chosen items at the top of the backlog in score order, before every other item (Product Owner)");

        products.MapGet("/suggestions", async Task<Results<Ok<Page<SuggestionDto>>, ProblemHttpResult>> (string key, string? status, int? limit, string? cursor, SuggestionsFeature suggestions, CancellationToken ct) =>
            (await suggestions.ListAsync(key, status, limit, cursor, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Suggestions to the Product Owner, newest first (the PO's inbox with status=open)");

        api.MapPost("/suggestions/{id:guid}/decision", async Task<Results<Ok<SuggestionDto>, ProblemHttpResult>> (Guid id, DecideSuggestionRequest request, SuggestionsFeature suggestions, CancellationToken ct) =>
            (await suggestions.DecideAsync(id, request, ct)).ToOk())
            .RequireAuthorization().WithTags("Backlog").Performs(Operations.Backlog.DecideSuggestion)
          .WithSummary("Accept (and apply) or decline with a reason a suggestion (Product Owner)");

        products.MapGet("/definitions", async Task<Results<Ok<DefinitionsDto>, ProblemHttpResult>> (string key, DefinitionsFeature definitions, CancellationToken ct) =>
            (await definitions.GetAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("The Definition of Ready and the Definition of Done");

        products.MapPut("/definitions/{kind}", async Task<Results<Ok<DefinitionsDto>, ProblemHttpResult>> (string key, string kind, DefinitionRequest request, DefinitionsFeature definitions, CancellationToken ct) =>
            (await definitions.ReplaceAsync(key, kind, request, ct)).ToOk())
            .Performs(Operations.Work.EditDefinitions).WithSummary("Replace the Definition of Ready (kind=ready) or Done (kind=done) (Product Owner)");

        products.MapGet("/backlog/value-effort", async Task<Results<Ok<ValueEffortChart>, ProblemHttpResult>> (string key, ValueEffortFeature chart, CancellationToken ct) =>
            (await chart.GetAsync(key, ct)).ToOk())
            .Performs(Operations.Products.Read).WithSummary("Value versus effort of open items, with quadrants split at the medians");

        products.MapPost("/backlog/bulk", async Task<Results<Ok<BulkResult>, ProblemHttpResult>> (string key, BulkRequest request, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.BulkAsync(key, request, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Bulk actions: move-to-top (Product Owner), set-epic, add-label");

        var items = api.MapGroup("/items/{itemKey}").WithTags("Backlog").RequireAuthorization();

        items.MapPost("/labels", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, LabelRequest request, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.AddLabelAsync(itemKey, request, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Add a label");
        items.MapDelete("/labels/{label}", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, string label, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.RemoveLabelAsync(itemKey, label, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Remove a label");
        items.MapPost("/links", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, LinkRequest request, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.LinkAsync(itemKey, request, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Link to another item: blocks, blocked-by, relates-to, duplicates, duplicated-by");
        items.MapDelete("/links/{linkId:guid}", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, Guid linkId, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.UnlinkAsync(itemKey, linkId, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Remove a link");
        items.MapPost("/comments", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, ItemCommentRequest request, ItemDetailsFeature details, CancellationToken ct) =>
            (await details.CommentAsync(itemKey, request, ct)).ToOk())
            .Performs(Operations.Backlog.EditItem).WithSummary("Comment (Markdown)");

        items.MapPost("/suggestions", async Task<Results<Created<SuggestionDto>, ProblemHttpResult>> (string itemKey, SuggestRequest request, SuggestionsFeature suggestions, CancellationToken ct) =>
            (await suggestions.ProposeAsync(itemKey, request, ct)).ToCreated(s => $"/api/v1/suggestions/{s.Id}")).Performs(Operations.Backlog.Suggest).WithSummary("Suggest a rank change, an acceptance criterion or an edit to the Product Owner");

        items.MapPut("/prioritisation", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, PrioritisationRequest request, PrioritisationFeature prioritisation, HttpContext context, CancellationToken ct) =>
            (await prioritisation.SetAsync(itemKey, request, ct)).ToOk(context)).Performs(Operations.Backlog.SetBusinessValue).WithSummary("Set WSJF, RICE and MoSCoW inputs (Product Owner); scores are computed");

        // Served from the item detail cache (ADR 0025); a matching If-None-Match is answered 304 before anything is built.
        items.MapGet("/", async Task<Results<Utf8JsonResult<BacklogItemDto>, ProblemHttpResult>> (
            string itemKey, BacklogFeature backlog, IOptions<JsonOptions> json, HttpContext context, CancellationToken ct) =>
        {
            var ifNoneMatch = context.Request.Headers.IfNoneMatch.ToString();
            if ((await backlog.GetJsonAsync(itemKey, tag => Utf8JsonResult<BacklogItemDto>.Matches(ifNoneMatch, tag), json.Value.SerializerOptions, ct))
                .Failed(out var error, out var item)) return error.ToProblem();
            if (item.Cached) return new Utf8JsonResult<BacklogItemDto>(item.Utf8Json, item.ETag);
            // Without the cache the tag is the item's version alone, which does not see comments or criteria: no 304 on it.
            context.Response.Headers.ETag = item.ETag;
            return new Utf8JsonResult<BacklogItemDto>(item.Utf8Json);
        }).Performs(Operations.Products.Read).WithSummary("One item");

        items.MapPatch("/", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, PatchItemRequest request, BacklogFeature backlog, HttpContext context, CancellationToken ct) =>
            (await backlog.PatchAsync(itemKey, request, ETags.IfMatch(context), ct)).ToOk(context)).Performs(Operations.Backlog.EditItem).WithSummary("Change fields of an item (honours If-Match; business value is the Product Owner's)");

        items.MapPost("/move", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, MoveItemRequest request, BacklogFeature backlog, HttpContext context, CancellationToken ct) =>
            (await backlog.MoveAsync(itemKey, request, ct)).ToOk(context)).Performs(Operations.Backlog.Reorder).WithSummary("Move an item to the top, the bottom, or before or after another (Product Owner)");

        items.MapPost("/acceptance", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, AcceptanceRequest request, BacklogFeature backlog, HttpContext context, CancellationToken ct) =>
            (await backlog.DecideAcceptanceAsync(itemKey, request, ct)).ToOk(context)).Performs(Operations.Work.AcceptOrReject).WithSummary("Accept done work, or reject it with a reason (Product Owner)");
    }
}

public static class CriteriaApi
{
    public static void MapCriteriaApi(this IEndpointRouteBuilder api)
    {
        var group = api.MapGroup("/items/{itemKey}/criteria").WithTags("Acceptance criteria").RequireAuthorization();

        group.MapPost("/", async Task<Results<Created<BacklogItemDto>, ProblemHttpResult>> (string itemKey, CriterionRequest request, CriteriaFeature criteria, CancellationToken ct) =>
            (await criteria.AddAsync(itemKey, request, ct)).ToCreated(BacklogApi.ItemUrl))
            .Performs(Operations.AcceptanceCriteria.Edit).WithSummary("Add a Given/When/Then criterion (Product Owner); answers with the item");

        group.MapPut("/{id:guid}", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, Guid id, CriterionRequest request, CriteriaFeature criteria, CancellationToken ct) =>
            (await criteria.RewriteAsync(itemKey, id, request, ct)).ToOk())
            .Performs(Operations.AcceptanceCriteria.Edit).WithSummary("Rewrite a criterion (Product Owner); clears its ticks");

        group.MapDelete("/{id:guid}", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, Guid id, CriteriaFeature criteria, CancellationToken ct) =>
            (await criteria.RemoveAsync(itemKey, id, ct)).ToOk())
            .Performs(Operations.AcceptanceCriteria.Edit).WithSummary("Remove a criterion (Product Owner)");

        group.MapPost("/{id:guid}/tick", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, Guid id, TickRequest request, CriteriaFeature criteria, CancellationToken ct) =>
            (await criteria.TickAsync(itemKey, id, request, ct)).ToOk())
            .Performs(Operations.AcceptanceCriteria.Tick).WithSummary("Tick a criterion as met, or untick it (the team)");

        group.MapPost("/{id:guid}/verify", async Task<Results<Ok<BacklogItemDto>, ProblemHttpResult>> (string itemKey, Guid id, CriteriaFeature criteria, CancellationToken ct) =>
            (await criteria.VerifyAsync(itemKey, id, ct)).ToOk())
            .Performs(Operations.AcceptanceCriteria.Verify).WithSummary("Verify a met criterion (Product Owner)");
    }
}
