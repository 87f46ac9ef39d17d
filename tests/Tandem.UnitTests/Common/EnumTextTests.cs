using Tandem.Application.Common;
using Tandem.Domain.Backlog;
using Tandem.Domain.Common;

namespace Tandem.UnitTests.Common;

public class EnumTextTests
{
    /// <summary>Every enum of the model, which the API and the pages spell through <see cref="EnumText"/>.</summary>
    public static TheoryData<Type> ModelEnums()
    {
        var data = new TheoryData<Type>();
        foreach (var type in typeof(ITenantOwned).Assembly.GetTypes().Where(t => t.IsEnum && t.IsPublic).OrderBy(t => t.FullName)) data.Add(type);
        return data;
    }

    [Theory]
    [MemberData(nameof(ModelEnums))]
    public void Every_value_keeps_the_spelling_the_API_has_always_used_and_parses_back(Type enumType)
    {
        var slug = typeof(EnumText).GetMethod(nameof(EnumText.Slug))!.MakeGenericMethod(enumType);
        var parse = typeof(EnumText).GetMethod(nameof(EnumText.TryParse))!.MakeGenericMethod(enumType);
        foreach (var value in Enum.GetValues(enumType))
        {
            var text = (string)slug.Invoke(null, [value])!;
            // The spelling every earlier release wrote: a hyphen before each capital after the first, lower case.
            var before = string.Concat(value.ToString()!.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
            Assert.Equal(before, text);
            object?[] args = [text, null];
            Assert.True((bool)parse.Invoke(null, args)!, $"{text} does not parse back");
            Assert.Equal(value, args[1]);
            args = [value.ToString(), null];
            Assert.True((bool)parse.Invoke(null, args)!, $"{value} (the C# name) does not parse");
        }
    }

    [Fact]
    public void A_bad_value_is_one_field_error_that_lists_the_choices()
    {
        var validation = new Validation();
        Assert.Null(EnumText.Optional<ItemStatus>("finished", "status", validation));
        Assert.Null(EnumText.Required<ItemType>(" ", "type", validation));
        var fields = validation.Result!.Fields!;
        Assert.Equal("'finished' is not a valid status; use one of new, ready, in-progress, done, accepted.", Assert.Single(fields["status"]));
        Assert.StartsWith("Say the type: one of epic, story", Assert.Single(fields["type"]));
        Assert.Null(EnumText.Optional<ItemStatus>(null, "status", new Validation()));
        Assert.Equal(ItemStatus.InProgress, EnumText.Optional<ItemStatus>("In-Progress ", "status", new Validation()));
    }
}
