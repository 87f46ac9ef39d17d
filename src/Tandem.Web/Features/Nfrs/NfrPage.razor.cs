using Microsoft.AspNetCore.Components;
using Tandem.Application.DecisionRights;
using Tandem.Application.Members;
using Tandem.Application.Nfrs;
using Tandem.Application.Releases;
using Tandem.Domain.DecisionRights;
using Tandem.Web.Components.Shared;

namespace Tandem.Web.Features.Nfrs;

/// <summary>
/// One NFR: its two decisions side by side (the Tech Lead's target, the Product Owner's agreement of
/// the need), its links and its verification history with the form to record a result.
/// </summary>
public partial class NfrPage : TandemPage
{
    [Inject] private NfrFeature Nfrs { get; set; } = default!;
    [Inject] private ReleasesFeature Releases { get; set; } = default!;
    [Inject] private MembersFeature Members { get; set; } = default!;
    [Inject] private DecisionRightsService Rights { get; set; } = default!;

    [Parameter] public string Key { get; set; } = "";
    [Parameter] public int Number { get; set; }
    [SupplyParameterFromQuery(Name = "done")] private string? Done { get; set; }

    [SupplyParameterFromForm] private int? Version { get; set; }
    [SupplyParameterFromForm] private string? Metric { get; set; }
    [SupplyParameterFromForm] private string? Target { get; set; }
    [SupplyParameterFromForm] private string? Threshold { get; set; }
    [SupplyParameterFromForm] private string? Verification { get; set; }
    [SupplyParameterFromForm] private string? Reason { get; set; }
    [SupplyParameterFromForm] private string? LinkKind { get; set; }
    [SupplyParameterFromForm] private string? LinkTarget { get; set; }
    [SupplyParameterFromForm] private string? Release { get; set; }
    [SupplyParameterFromForm] private string? Result { get; set; }
    [SupplyParameterFromForm] private string? MeasuredValue { get; set; }
    [SupplyParameterFromForm] private string? EvidenceUrl { get; set; }
    [SupplyParameterFromForm] private string? Note { get; set; }
    [SupplyParameterFromForm] private string? Category { get; set; }
    [SupplyParameterFromForm] private string? Statement { get; set; }
    [SupplyParameterFromForm] private string? Owner { get; set; }
    [SupplyParameterFromForm] private bool Retired { get; set; }

    private NfrDto? nfr;
    private IReadOnlyList<ReleaseDto> releases = [];
    private IReadOnlyList<MemberDto> members = [];
    private bool canSetTarget, canAgree, canVerify, canPropose;
    private string? targetRefusal, agreeRefusal, verifyRefusal;
    private string? failed;
    private Error? error;

    private string ProductKey => Key.ToUpperInvariant();
    private string Url => $"/p/{ProductKey}/nfrs/{Number}";

    protected override async Task OnInitializedAsync()
    {
        if ((await Nfrs.GetByNumberAsync(Key, Number, Aborted)).Failed(out var refused, out var found)
            || (await Rights.FindProductAsync(Key, Aborted)).Failed(out refused, out var product))
        {
            Fail(refused);
            return;
        }
        nfr = found;
        var actor = await Rights.ActorOnAsync(product, Aborted);
        canSetTarget = await Rights.IsAllowedAsync(product, Operations.Nfrs.SetTarget, Aborted);
        canAgree = await Rights.IsAllowedAsync(product, Operations.Nfrs.AgreeNeed, Aborted);
        canVerify = await Rights.IsAllowedAsync(product, Operations.Nfrs.Verify, Aborted);
        canPropose = await Rights.IsAllowedAsync(product, Operations.Nfrs.Propose, Aborted);
        if (!canSetTarget) targetRefusal = await Rights.ExplainRefusalAsync(product, Operations.Nfrs.SetTarget, actor, Aborted);
        if (!canAgree) agreeRefusal = await Rights.ExplainRefusalAsync(product, Operations.Nfrs.AgreeNeed, actor, Aborted);
        if (!canVerify) verifyRefusal = await Rights.ExplainRefusalAsync(product, Operations.Nfrs.Verify, actor, Aborted);
        if (canVerify) releases = (await Releases.ListAsync(Key, Aborted)).Value ?? [];
        if (canSetTarget) members = await NfrsPage.TeamAsync(Members, Key, Aborted);
    }

    private async Task SetTargetAsync() =>
        Outcome("target", "target-set", await Nfrs.SetTargetAsync(nfr!.Id, new SetNfrTargetRequest(Metric, Target, Threshold, Verification, Reason), Version, Aborted));

    private async Task AgreeAsync() =>
        Outcome("agree", "need-agreed", await Nfrs.AgreeNeedAsync(nfr!.Id, new AgreeNfrNeedRequest(Reason), Aborted));

    private async Task LinkAsync() =>
        Outcome("link", "linked", await Nfrs.AddLinkAsync(nfr!.Id, new NfrLinkRequest(LinkKind, LinkTarget), Aborted));

    private async Task UnlinkAsync(Guid linkId) =>
        Outcome("unlink", "unlinked", await Nfrs.RemoveLinkAsync(nfr!.Id, linkId, Aborted));

    private async Task EditAsync()
    {
        Guid? owner = Guid.TryParse(Owner, out var o) ? o : null;
        var request = new PatchNfrRequest(Category, Statement, owner, owner is null, Retired);
        Outcome("edit", "saved", await Nfrs.PatchAsync(nfr!.Id, request, Version, Aborted));
    }

    private async Task VerifyAsync()
    {
        if ((await Nfrs.VerifyAsync(nfr!.Id, new RecordVerificationRequest(Release, Result, MeasuredValue, EvidenceUrl, Note), Aborted)).Failed(out var refused, out _)) Show("verify", refused);
        else Navigation.NavigateTo($"{Url}?done=verified");
    }

    private void Outcome(string form, string done, Result<NfrDto> result)
    {
        if (result.Failed(out var refused, out _)) Show(form, refused);
        else Navigation.NavigateTo($"{Url}?done={done}");
    }

    private void Show(string form, Error problem)
    {
        failed = form;
        error = problem;
        SetStatus(HttpContext, StatusFor(problem));
    }

    private string? FieldError(string form, string field) =>
        failed == form && error?.Fields is { } fields && fields.TryGetValue(field, out var messages) ? string.Join(" ", messages) : null;

    private string Posted(string form, string? posted, string current) => failed == form ? posted ?? "" : current;

    private string LinkHref(NfrLinkDto link) => link.Kind switch
    {
        "item" => $"/p/{ProductKey}/items/{link.Target}",
        "decision" => $"/p/{ProductKey}/adrs/{link.Target["ADR-".Length..]}",
        _ => $"/p/{ProductKey}/nfrs/compliance",
    };

    private string? Notice => Done switch
    {
        "proposed" => "Proposed. The Tech Lead sets its target and the Product Owner agrees the need.",
        "target-set" => "Target set. The decision is in the log.",
        "need-agreed" => "Need agreed. The decision is in the log.",
        "linked" => "Linked.",
        "unlinked" => "Link removed.",
        "verified" => "Result recorded. The decision is in the log and the compliance view shows it.",
        "saved" => "Saved. The change is in the decision log.",
        _ => null,
    };
}
