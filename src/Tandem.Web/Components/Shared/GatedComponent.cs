using Microsoft.AspNetCore.Components;

namespace Tandem.Web.Components.Shared;

/// <summary>
/// One request's components load their data one at a time. A page and its sections share the request's DbContext,
/// and Blazor starts a child's lifecycle while its parent still awaits a query (it renders as soon as the parent's
/// task is pending), so two sections loading at once ran two commands on one context: on PostgreSQL, whose I/O is
/// truly asynchronous, that was "a second operation was started on this context" and a 500 on the item page.
/// SQLite answers synchronously and hid it. Every component that loads data derives from this class (pages through
/// <see cref="TandemPage"/>); the layout guards its own queries by rendering the page only once they are done.
/// </summary>
public abstract class GatedComponent : ComponentBase
{
    [Inject] private RenderDataGate Gate { get; set; } = default!;

    public override async Task SetParametersAsync(ParameterView parameters)
    {
        // The parameters can only be read now, synchronously; the lifecycle that uses them waits for its turn.
        parameters.SetParameterProperties(this);
        await Gate.Semaphore.WaitAsync();
        try
        {
            await base.SetParametersAsync(ParameterView.Empty);
        }
        finally
        {
            Gate.Semaphore.Release();
        }
    }
}

/// <summary>The request's one turn at the DbContext for component lifecycles (scoped: one per request).</summary>
public sealed class RenderDataGate : IDisposable
{
    public SemaphoreSlim Semaphore { get; } = new(1, 1);

    public void Dispose() => Semaphore.Dispose();
}
