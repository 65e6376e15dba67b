using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Http;

namespace Campaign.Tests.Unit;

public sealed class ExpectedVersionTests
{
    private static long? Of(string? ifMatch, long? inBody)
    {
        var context = new DefaultHttpContext();
        if (ifMatch is not null) context.Request.Headers.IfMatch = ifMatch;
        return ExpectedVersion.Of(context.Request, inBody);
    }

    [Theory]
    [InlineData("\"3\"")]
    [InlineData("W/\"3\"")]
    [InlineData("3")]
    public void If_match_gives_the_version(string header) => Assert.Equal(3, Of(header, null));

    [Fact]
    public void The_body_gives_the_version_when_there_is_no_header() => Assert.Equal(5, Of(null, 5));

    [Fact]
    public void No_version_at_all_means_no_check() => Assert.Null(Of(null, null));

    [Theory]
    [InlineData("*")]
    [InlineData("\"abc\"")]
    [InlineData("\"-1\"")]
    public void A_header_that_is_not_a_version_is_rejected(string header) =>
        Assert.Equal("If-Match", Assert.Throws<InvalidReference>(() => Of(header, null)).Field);

    [Fact]
    public void Header_and_body_must_agree()
    {
        Assert.Equal(4, Of("\"4\"", 4));
        Assert.Equal("expectedVersion", Assert.Throws<InvalidReference>(() => Of("\"4\"", 5)).Field);
    }
}
