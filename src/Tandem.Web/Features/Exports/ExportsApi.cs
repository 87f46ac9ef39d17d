using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Tandem.Application.Exports;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Exports;

/// <summary>
/// Downloads for audits and migrations: the backlog with every field (CSV or JSON) and the decision log (CSV or JSON Lines).
/// Rights and filters are checked before the first byte, so a refusal or a bad filter is an ordinary ProblemDetails;
/// then rows stream straight to the response. CSV is written by CsvHelper (RFC 4180) with formula injection escaped,
/// so a title such as <c>=HYPERLINK(…)</c> reads as text in a spreadsheet.
/// </summary>
public static class ExportsApi
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private static readonly CsvConfiguration Csv = new(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape };

    public static void MapExportsApi(this IEndpointRouteBuilder api)
    {
        var products = api.MapGroup("/products/{key}").WithTags("Exports").RequireAuthorization();

        products.MapGet("/backlog/export", async (string key, string? format, ExportsFeature exports, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            var kind = Format(format, "csv", "json");
            if (kind is null) return FormatProblem("csv", "json");
            if ((await exports.BacklogAsync(key, ct)).Failed(out var error, out var rows)) return error.ToProblem();
            var name = $"{key.ToUpperInvariant()}-backlog.{kind}";
            return kind == "csv"
                ? Results.Stream(body => BacklogCsvAsync(body, rows, ct), "text/csv; charset=utf-8", name)
                : Results.Stream(body => JsonArrayAsync(PipeWriter.Create(body), rows, json.Value.SerializerOptions, ct), "application/json; charset=utf-8", name);
        })
        .Performs(Operations.Products.Read)
        .Produces(StatusCodes.Status200OK, contentType: "text/csv")
        .Produces<IReadOnlyList<BacklogExportRow>>(StatusCodes.Status200OK, "application/json")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .WithSummary("The whole backlog with every field, in backlog order, as CSV or JSON (format=csv|json)");

        products.MapGet("/decision-log/export", async (string key, string? format, string? area, Guid? person, string? from, string? to, string? subject,
            ExportsFeature exports, IOptions<JsonOptions> json, CancellationToken ct) =>
        {
            var kind = Format(format, "csv", "jsonl");
            if (kind is null) return FormatProblem("csv", "jsonl");
            if ((await exports.DecisionLogAsync(key, new DecisionLogExportQuery(area, person, from, to, subject), ct)).Failed(out var error, out var entries))
                return error.ToProblem();
            var name = $"{key.ToUpperInvariant()}-decision-log.{kind}";
            return kind == "csv"
                ? Results.Stream(body => DecisionLogCsvAsync(body, entries, ct), "text/csv; charset=utf-8", name)
                : Results.Stream(body => JsonLinesAsync(body, entries, json.Value.SerializerOptions, ct), "application/jsonl; charset=utf-8", name);
        })
        .Performs(Operations.Products.ReadDecisionLog)
        .Produces(StatusCodes.Status200OK, contentType: "text/csv")
        .Produces(StatusCodes.Status200OK, contentType: "application/jsonl")
        .ProducesProblem(StatusCodes.Status400BadRequest)
        .WithSummary("The decision log oldest first, for auditors, as CSV or JSON Lines (format=csv|jsonl), filtered by area, person, days (from/to, UTC) and subject");
    }

    private static string? Format(string? format, params string[] allowed)
    {
        var value = string.IsNullOrWhiteSpace(format) ? allowed[0] : format.Trim().ToLowerInvariant();
        return allowed.Contains(value, StringComparer.Ordinal) ? value : null;
    }

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult FormatProblem(params string[] allowed) =>
        new Tandem.Application.Common.Validation().Add("format", $"format is one of: {string.Join(", ", allowed)}.").Result!.ToProblem();

    private static async Task BacklogCsvAsync(Stream body, IAsyncEnumerable<BacklogExportRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, Utf8, 64 * 1024);
        await using var csv = new CsvWriter(writer, Csv);
        foreach (var header in (string[])["position", "key", "type", "title", "status", "epic_key", "epic_title", "assignee", "estimate",
            "business_value", "time_criticality", "risk_reduction", "reach", "impact", "confidence", "effort", "moscow", "wsjf", "rice",
            "roadmap_lane", "labels", "criteria", "criteria_met", "description", "rejection_reason", "created_by", "created_at_utc",
            "updated_at_utc", "version"])
            csv.WriteField(header);
        await csv.NextRecordAsync();
        await foreach (var r in rows.WithCancellation(ct))
        {
            csv.WriteField(r.Position);
            csv.WriteField(r.Key);
            csv.WriteField(r.Type);
            csv.WriteField(r.Title);
            csv.WriteField(r.Status);
            csv.WriteField(r.EpicKey);
            csv.WriteField(r.EpicTitle);
            csv.WriteField(r.Assignee);
            csv.WriteField(r.Estimate);
            csv.WriteField(r.BusinessValue);
            csv.WriteField(r.TimeCriticality);
            csv.WriteField(r.RiskReduction);
            csv.WriteField(r.Reach);
            csv.WriteField(r.Impact);
            csv.WriteField(r.Confidence);
            csv.WriteField(r.Effort);
            csv.WriteField(r.Moscow);
            csv.WriteField(r.Wsjf is { } w ? (decimal?)Math.Round(w, 2) : null);
            csv.WriteField(r.Rice is { } rice ? (decimal?)Math.Round(rice, 2) : null);
            csv.WriteField(r.RoadmapLane);
            csv.WriteField(string.Join("; ", r.Labels));
            csv.WriteField(r.Criteria);
            csv.WriteField(r.CriteriaMet);
            csv.WriteField(r.Description);
            csv.WriteField(r.RejectionReason);
            csv.WriteField(r.CreatedBy);
            csv.WriteField(Utc(r.CreatedAt));
            csv.WriteField(Utc(r.UpdatedAt));
            csv.WriteField(r.Version);
            await csv.NextRecordAsync();
        }
    }

    private static async Task DecisionLogCsvAsync(Stream body, IAsyncEnumerable<Tandem.Application.DecisionLog.DecisionLogEntryDto> entries, CancellationToken ct)
    {
        await using var writer = new StreamWriter(body, Utf8, 64 * 1024);
        await using var csv = new CsvWriter(writer, Csv);
        foreach (var header in (string[])["id", "at_utc", "actor_id", "actor", "role", "area", "operation", "summary", "reason", "subject_type", "subject_key"])
            csv.WriteField(header);
        await csv.NextRecordAsync();
        await foreach (var e in entries.WithCancellation(ct))
        {
            csv.WriteField(e.Id);
            csv.WriteField(Utc(e.At));
            csv.WriteField(e.ActorId);
            csv.WriteField(e.ActorName);
            csv.WriteField(e.Role);
            csv.WriteField(e.Area);
            csv.WriteField(e.Operation);
            csv.WriteField(e.Summary);
            csv.WriteField(e.Reason);
            csv.WriteField(e.SubjectType);
            csv.WriteField(e.SubjectKey);
            await csv.NextRecordAsync();
        }
    }

    /// <remarks>The writer sits on a pipe over the response, so the serializer's own flushes only hand bytes to the pipe; the pipe writes to the response asynchronously.</remarks>
    private static async Task JsonArrayAsync<T>(PipeWriter pipe, IAsyncEnumerable<T> rows, JsonSerializerOptions options, CancellationToken ct)
    {
        await using var writer = new Utf8JsonWriter(pipe);
        writer.WriteStartArray();
        await foreach (var row in rows.WithCancellation(ct))
        {
            JsonSerializer.Serialize(writer, row, options);
            if (pipe.UnflushedBytes > 32 * 1024) await pipe.FlushAsync(ct);
        }
        writer.WriteEndArray();
        writer.Flush();
        await pipe.CompleteAsync();
    }

    private static async Task JsonLinesAsync<T>(Stream body, IAsyncEnumerable<T> rows, JsonSerializerOptions options, CancellationToken ct)
    {
        var newline = "\n"u8.ToArray();
        await using var buffered = new BufferedStream(body, 64 * 1024);
        await foreach (var row in rows.WithCancellation(ct))
        {
            await JsonSerializer.SerializeAsync(buffered, row, options, ct);
            await buffered.WriteAsync(newline, ct);
        }
        await buffered.FlushAsync(ct);
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
