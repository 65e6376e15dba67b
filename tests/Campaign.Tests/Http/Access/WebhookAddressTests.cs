using System.Net;
using Campaign.Access;
using Campaign.Partners.Webhooks;
using Campaign.Tests.Support;

namespace Campaign.Tests.Http.Access;

[Collection(AppCollection.Name)]
public sealed class WebhookAddressTests(AppFixture app)
{
    [Theory]
    [InlineData("http://127.0.0.1:8080/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://10.1.2.3/hook")]
    [InlineData("http://192.168.0.10/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/hook")]
    [InlineData("ftp://partner.example/hook")]
    [InlineData("https://user:password@partner.example/hook")]
    public async Task Webhooks_to_private_or_odd_addresses_are_refused(string url)
    {
        var partner = await app.As(Role.Partner);

        var problem = await partner.Reject("/api/subscriptions", new { url });

        Assert.Equal(["url"], problem.Errors.Keys);
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.0.0.1", true)]
    [InlineData("172.16.5.4", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("100.64.0.1", true)]
    [InlineData("169.254.1.1", true)]
    [InlineData("::ffff:192.168.1.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("93.184.216.34", false)]
    [InlineData("2606:4700::1111", false)]
    public void Private_loopback_and_link_local_addresses_are_recognised(string address, bool isPrivate) =>
        Assert.Equal(isPrivate, WebhookAddress.IsPrivate(IPAddress.Parse(address)));
}
