using Tandem.Application.Common;

namespace Tandem.UnitTests.Common;

public class PagingTests
{
    [Theory]
    [InlineData("PAY")]
    [InlineData("Alice Ng\n0190f1e2-0000-7000-8000-000000000000")]
    [InlineData("Tomás Lee ✓")]
    [InlineData("12345")]
    public void A_cursor_decodes_to_what_was_encoded(string value)
    {
        var cursor = Paging.Encode(value);

        Assert.True(Paging.TryDecode(cursor, out var decoded));
        Assert.Equal(value, decoded);
        Assert.DoesNotContain('+', cursor);
        Assert.DoesNotContain('/', cursor);
        Assert.DoesNotContain('=', cursor);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 !!")]
    [InlineData("a")]
    public void A_cursor_that_was_not_handed_out_is_refused(string? cursor)
    {
        Assert.False(Paging.TryDecode(cursor, out _));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(Paging.MaxLimit, true)]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(Paging.MaxLimit + 1, false)]
    public void Limits_are_between_one_and_the_maximum(int? limit, bool ok)
    {
        var error = Paging.ValidateLimit(limit);
        Assert.Equal(ok, error is null);
        if (error is not null)
        {
            Assert.Equal(ErrorKind.Invalid, error.Kind);
            Assert.True(error.Fields!.ContainsKey("limit"));
        }
    }
}
