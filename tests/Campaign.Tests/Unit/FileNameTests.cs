using Campaign.Evidence;

namespace Campaign.Tests.Unit;

public sealed class FileNameTests
{
    [Theory]
    [InlineData("ruling.pdf", "ruling.pdf")]
    [InlineData("C:\\scans\\2026\\ruling.pdf", "ruling.pdf")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("  ruling\tof   22 January .pdf  ", "ruling of 22 January .pdf")]
    [InlineData("bad<>:\"|?*name.pdf", "badname.pdf")]
    [InlineData("evil\u202egpj.exe", "evilgpj.exe")]
    [InlineData("Решение суда.pdf", "Решение суда.pdf")]
    [InlineData("...hidden.", "hidden")]
    [InlineData("..", null)]
    [InlineData("folder/", null)]
    [InlineData("", null)]
    [InlineData(null, null)]
    public void A_name_keeps_its_last_segment_without_what_file_systems_or_browsers_misread(string? sent, string? kept) =>
        Assert.Equal(kept, FileNames.Sanitise(sent));

    [Fact]
    public void A_long_name_is_cut_to_200_characters_keeping_its_extension()
    {
        var kept = FileNames.Sanitise(new string('a', 300) + ".pdf")!;

        Assert.Equal(FileNames.MaxLength, kept.Length);
        Assert.EndsWith("a.pdf", kept);
    }
}
