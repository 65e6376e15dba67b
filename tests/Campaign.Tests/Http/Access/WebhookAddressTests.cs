using System.Net;
using Campaign.Access;
using Campaign.Partners.Webhooks;
using Campaign.Partners.Webhooks.Delivering;
using Campaign.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

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
    [InlineData("http://2130706433/hook")] // 127.0.0.1 as one number
    [InlineData("http://0x7f.1/hook")]
    [InlineData("http://[64:ff9b::7f00:1]/hook")] // NAT64
    [InlineData("http://[64:ff9b:1::a00:1]/hook")] // NAT64, local use
    [InlineData("http://[2002:7f00:1::]/hook")] // 6to4
    [InlineData("http://[2002:a9fe:a9fe::1]/hook")] // 6to4 of 169.254.169.254
    [InlineData("http://[::127.0.0.1]/hook")] // IPv4-compatible
    [InlineData("http://[::ffff:127.0.0.1]/hook")] // IPv4-mapped
    [InlineData("http://[::ffff:0:7f00:1]/hook")] // IPv4-translated
    [InlineData("http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/hook")] // Teredo of 127.0.0.1
    [InlineData("http://198.18.0.1/hook")]
    [InlineData("http://198.19.255.254/hook")]
    [InlineData("http://192.0.0.170/hook")]
    [InlineData("http://100.64.0.1/hook")]
    [InlineData("http://203.0.113.7/hook")]
    [InlineData("http://240.0.0.1/hook")]
    [InlineData("http://[fd12:3456::1]/hook")]
    [InlineData("http://[fe80::1]/hook")]
    [InlineData("http://[2001:db8::1]/hook")]
    [InlineData("ftp://partner.example/hook")]
    [InlineData("https://user:password@partner.example/hook")]
    public async Task Webhooks_to_private_special_or_odd_addresses_are_refused(string url)
    {
        var partner = await app.As(Role.Partner);

        var problem = await partner.Reject("/api/subscriptions", new { url });

        Assert.Equal(["url"], problem.Errors.Keys);
    }

    [Fact]
    public async Task The_refusal_of_a_private_address_names_the_setting_that_allows_it_for_local_testing()
    {
        var partner = await app.As(Role.Partner);

        var problem = await partner.Reject("/api/subscriptions", new { url = "http://127.0.0.1:9000/hook" });

        var message = Assert.Single(problem.Errors["url"]);
        Assert.Contains("Webhooks:AllowPrivateAddresses=true", message);
        Assert.Contains("Webhooks__AllowPrivateAddresses=true", message);
    }

    [Theory]
    [InlineData("0.1.2.3", "0.0.0.0/8")]
    [InlineData("10.0.0.1", "10.0.0.0/8")]
    [InlineData("100.127.255.254", "100.64.0.0/10")]
    [InlineData("127.0.0.1", "127.0.0.0/8")]
    [InlineData("169.254.1.1", "169.254.0.0/16")]
    [InlineData("172.31.5.4", "172.16.0.0/12")]
    [InlineData("192.0.0.9", "192.0.0.0/24")]
    [InlineData("192.0.2.1", "192.0.2.0/24")]
    [InlineData("192.88.99.1", "192.88.99.0/24")]
    [InlineData("192.168.1.1", "192.168.0.0/16")]
    [InlineData("198.19.0.1", "198.18.0.0/15")]
    [InlineData("198.51.100.1", "198.51.100.0/24")]
    [InlineData("203.0.113.1", "203.0.113.0/24")]
    [InlineData("239.255.255.250", "224.0.0.0/4")]
    [InlineData("250.1.2.3", "240.0.0.0/4")]
    [InlineData("255.255.255.255", "240.0.0.0/4")]
    [InlineData("::", "::/128")]
    [InlineData("::1", "::1/128")]
    [InlineData("64:ff9b:1::808:808", "64:ff9b:1::/48")]
    [InlineData("100::1", "100::/64")]
    [InlineData("2001::1", "2001::/23")]
    [InlineData("2001:2::1", "2001::/23")]
    [InlineData("2001:db8::1", "2001:db8::/32")]
    [InlineData("3fff::1", "3fff::/20")]
    [InlineData("5f00::1", "5f00::/16")]
    [InlineData("fd00::1", "fc00::/7")]
    [InlineData("fe80::1", "fe80::/10")]
    [InlineData("fec0::1", "fec0::/10")]
    [InlineData("ff02::1", "ff00::/8")]
    [InlineData("400::1", "::/3")]
    [InlineData("::ffff:192.168.1.1", "192.168.0.0/16")] // the embedded IPv4 address decides
    [InlineData("::ffff:0:10.0.0.1", "10.0.0.0/8")]
    [InlineData("::127.0.0.1", "127.0.0.0/8")]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.0.0/16")]
    [InlineData("2002:c612:1::1", "198.18.0.0/15")]
    public void Each_special_purpose_address_falls_in_its_range_of_the_table(string address, string range) =>
        Assert.Equal(IPNetwork.Parse(range), SpecialPurposeAddresses.RangeOf(IPAddress.Parse(address))?.Network);

    [Theory]
    [InlineData("93.184.216.34")]
    [InlineData("1.1.1.1")]
    [InlineData("172.32.0.1")]
    [InlineData("100.128.0.1")]
    [InlineData("198.20.0.1")]
    [InlineData("192.0.3.1")]
    [InlineData("2606:4700::1111")]
    [InlineData("::ffff:93.184.216.34")]
    [InlineData("64:ff9b::5db8:d822")] // NAT64 of 93.184.216.34
    [InlineData("2002:5db8:d822::1")] // 6to4 of 93.184.216.34
    public void Public_addresses_are_not_refused(string address) =>
        Assert.Null(SpecialPurposeAddresses.RangeOf(IPAddress.Parse(address)));

    [Theory]
    [InlineData("0.0.0.0/8")] [InlineData("10.0.0.0/8")] [InlineData("100.64.0.0/10")] [InlineData("127.0.0.0/8")]
    [InlineData("169.254.0.0/16")] [InlineData("172.16.0.0/12")] [InlineData("192.0.0.0/24")] [InlineData("192.0.2.0/24")]
    [InlineData("192.88.99.0/24")] [InlineData("192.168.0.0/16")] [InlineData("198.18.0.0/15")] [InlineData("198.51.100.0/24")]
    [InlineData("203.0.113.0/24")] [InlineData("224.0.0.0/4")] [InlineData("240.0.0.0/4")] [InlineData("255.255.255.255/32")]
    [InlineData("::/128")] [InlineData("::1/128")] [InlineData("fc00::/7")] [InlineData("fe80::/10")] [InlineData("ff00::/8")]
    [InlineData("100::/64")] [InlineData("2001:db8::/32")] [InlineData("2001::/23")] [InlineData("64:ff9b:1::/48")]
    public void The_table_refuses_every_range_of_the_registries_that_is_not_globally_reachable(string cidr)
    {
        var range = IPNetwork.Parse(cidr);

        Assert.Contains(SpecialPurposeAddresses.Refused, r => r.Contains(range.BaseAddress) && r.Network.PrefixLength <= range.PrefixLength);
    }

    [Fact]
    public void The_webhook_client_uses_no_proxy_unless_one_is_configured()
    {
        var handler = app.Host.Services.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(WebhookSender.ClientName);
        while (handler is DelegatingHandler delegating) handler = delegating.InnerHandler!;

        var sockets = Assert.IsType<SocketsHttpHandler>(handler);
        Assert.False(sockets.UseProxy);
        Assert.Null(sockets.Proxy);
        Assert.NotNull(sockets.ConnectCallback);
    }
}
