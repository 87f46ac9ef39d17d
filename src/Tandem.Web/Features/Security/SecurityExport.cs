using System.Globalization;
using System.Text;
using Tandem.Application.Security;
using Tandem.Web.Infrastructure;

namespace Tandem.Web.Features.Security;

/// <summary>
/// The audit page's "Download CSV": the same filters, the same right (<c>security.audit</c>), walked page by
/// page up to <see cref="MaxRows"/> lines so one download cannot hold the server for long.
/// </summary>
public static class SecurityExport
{
    public const int MaxRows = 10_000;

    public static void MapSecurityExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/security/events.csv", async (string? kind, string? person, string? from, string? to, SecurityAuditFeature audit, HttpContext context, CancellationToken ct) =>
        {
            var csv = new StringBuilder("when_utc,kind,what,who,whose,whose_email,address,detail\r\n");
            string? cursor = null;
            var rows = 0;
            do
            {
                if ((await audit.ListAsync(new SecurityEventQuery(kind, person, from, to, Paging.MaxLimit, cursor), ct)).Failed(out var failed, out var page))
                    return failed.ToProblem();
                foreach (var e in page.Items)
                {
                    csv.AppendJoin(',', [e.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.Kind, Cell(e.What),
                        Cell(e.ActorName), Cell(e.SubjectName), Cell(e.SubjectEmail), Cell(e.Address), Cell(e.Detail)]).Append("\r\n");
                }
                rows += page.Items.Count;
                cursor = page.NextCursor;
            }
            while (cursor is not null && rows < MaxRows);
            context.Response.Headers.ContentDisposition = "attachment; filename=\"security-events.csv\"";
            return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
        }).RequireAuthorization().ExcludeFromDescription();
    }

    /// <summary>Quotes a cell, and defuses a leading formula character so a spreadsheet shows text instead of running it.</summary>
    private static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r') value = "'" + value;
        return "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
