using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Tandem.IntegrationTests.Imports;

/// <summary>
/// A real HTTP server on loopback that answers what a real Redmine 5.0 answered (tests/redmine/record.sh recorded it into
/// Imports/Redmine): each path and query is a file, the API key must be <see cref="Key"/> (else 401 as Redmine answers
/// it), an unknown path is a 404. Two more shapes a wrong Redmine takes: under <c>/html/</c> every answer is an HTML page,
/// under <c>/hang/</c> no answer ever comes.
/// </summary>
public sealed partial class RedmineReplay : IAsyncDisposable
{
    /// <summary>The key the replay takes (the recording's own key is not kept).</summary>
    public const string Key = "0123456789abcdef0123456789abcdef01234567";

    private readonly WebApplication _app;

    private RedmineReplay(WebApplication app) => _app = app;

    public Uri BaseAddress => new(_app.Urls.Single());

    /// <summary>A Redmine that is a web page, not an API.</summary>
    public string HtmlUrl => new Uri(BaseAddress, "/html/").AbsoluteUri;

    /// <summary>A Redmine that never answers.</summary>
    public string HangingUrl => new Uri(BaseAddress, "/hang/").AbsoluteUri;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Imports", "Redmine");

    /// <summary>The recorded file for a path and query, as record.sh names it.</summary>
    public static string FileFor(string pathAndQuery)
    {
        var name = NotSafe().Replace(pathAndQuery.TrimStart('/'), "_");
        return name.EndsWith(".json", StringComparison.Ordinal) ? name : name + ".json";
    }

    public static async Task<RedmineReplay> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var replay = new RedmineReplay(app);
        app.Run(async context =>
        {
            var path = context.Request.Path.Value ?? "/";
            if (path.StartsWith("/hang/", StringComparison.Ordinal))
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                return;
            }
            if (path.StartsWith("/html/", StringComparison.Ordinal))
            {
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync("<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>It works</h1></body></html>");
                return;
            }
            if (context.Request.Headers["X-Redmine-API-Key"] != Key)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Basic realm=\"Redmine API\"";
                context.Response.ContentType = "application/json";
                return;
            }
            var file = Path.Combine(Directory, FileFor(path + context.Request.QueryString.Value));
            if (!File.Exists(file))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                context.Response.ContentType = "application/json";
                return;
            }
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.SendFileAsync(file);
        });
        await app.StartAsync();
        return replay;
    }

    public async ValueTask DisposeAsync()
    {
        using var quickly = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await _app.StopAsync(quickly.Token);
        await _app.DisposeAsync();
    }

    [GeneratedRegex("[^A-Za-z0-9.-]")]
    private static partial Regex NotSafe();
}
