using Campaign.Campaigns.IssuingStatements;
using Campaign.Campaigns.RecordingDevelopments;
using Campaign.Defendants;
using Campaign.Defendants.DeliveringVerdicts;
using Campaign.Defendants.RecordingDetention;
using Campaign.Defendants.SchedulingHearings;
using Campaign.Developments;
using Campaign.Infrastructure.Validation;
using Campaign.Tests.Support;
using FluentValidation;
using static Campaign.Tests.Support.Cases;

namespace Campaign.Tests.Unit;

public sealed class ValidatorTests
{
    // 10:00 UTC on 26 Nov 2026: already 27 Nov in UTC+14, the first time zone to reach a day.
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));

    static ValidatorTests() => ValidationConventions.Apply();

    private static string[] FieldsInError<T>(AbstractValidator<T> validator, T command) =>
        validator.Validate(command).Errors.Select(e => e.PropertyName).Distinct().Order().ToArray();

    [Fact]
    public void A_development_may_have_happened_today_anywhere_on_earth_but_not_later()
    {
        var validator = new RecordDetention.Validator(Clock);

        Assert.Empty(FieldsInError(validator, Detention(new DateOnly(2026, 11, 27))));
        Assert.Equal(["occurredOn"], FieldsInError(validator, Detention(new DateOnly(2026, 11, 28))));
    }

    [Fact]
    public void A_published_source_needs_its_publisher_and_date_and_a_first_hand_account_does_not()
    {
        var validator = new RecordDetention.Validator(Clock);

        Assert.Equal(["source.publishedOn", "source.publisher"],
            FieldsInError(validator, Detention() with { Source = new Source("https://example.org", null, null) }));
        Assert.Empty(FieldsInError(validator, Detention() with { Source = new Source(null, null, null, FirstHand: true) }));
        Assert.Equal(["source"], FieldsInError(validator, Detention() with { Source = null }));
    }

    [Fact]
    public void A_source_address_is_an_absolute_web_address()
    {
        var validator = new Source.Validator(Clock);

        Assert.Equal(["url"], FieldsInError(validator, Report with { Url = "javascript:alert(1)" }));
        Assert.Equal(["url"], FieldsInError(validator, Report with { Url = "/relative" }));
        Assert.Equal(["publishedOn"], FieldsInError(validator, Report with { PublishedOn = new DateOnly(2027, 1, 1) }));
    }

    [Fact]
    public void A_detention_cannot_leave_the_defendant_released()
    {
        Assert.Equal(["custody"], FieldsInError(new RecordDetention.Validator(Clock), Detention() with { Custody = CustodyStatus.Released }));
    }

    [Fact]
    public void A_statement_needs_a_quote_or_a_summary()
    {
        var validator = new IssueStatement.Validator(Clock);
        var statement = new IssueStatement(Jan22, "Human Rights Watch", "Maya Wang", "Deputy Asia director", null, null, Report);

        Assert.Equal(["quote"], FieldsInError(validator, statement));
        Assert.Empty(FieldsInError(validator, statement with { Summary = "Urges release" }));
    }

    [Fact]
    public void A_hearing_cannot_take_place_before_it_was_scheduled()
    {
        var hearing = new ScheduleHearing(Jan22, Jan22.AddDays(-1), null, "Taldykorgan", "Trial", Report);

        Assert.Equal(["scheduledFor"], FieldsInError(new ScheduleHearing.Validator(Clock), hearing));
    }

    [Fact]
    public void An_acquittal_carries_no_sentence()
    {
        var verdict = new DeliverVerdict(Jan22, VerdictOutcome.Acquitted, "3 years", null, Report);

        Assert.Equal(["sentence"], FieldsInError(new DeliverVerdict.Validator(Clock), verdict));
    }

    [Fact]
    public void A_bulk_development_gives_exactly_one_development_and_names_nested_fields_by_their_path()
    {
        var validator = new RecordDevelopment.Validator(Clock);
        var ids = new[] { Guid.NewGuid() };

        Assert.Equal(["development"], FieldsInError(validator, new RecordDevelopment(ids)));
        Assert.Equal(["development"], FieldsInError(validator, new RecordDevelopment(ids, Detention(), Charge())));
        Assert.Equal(["detention.place"], FieldsInError(validator, new RecordDevelopment(ids, Detention() with { Place = "" })));
        Assert.Equal(["defendantIds"], FieldsInError(validator, new RecordDevelopment([ids[0], ids[0]], Detention())));
        Assert.Equal(["expectedVersions"], FieldsInError(validator, new RecordDevelopment(ids, Detention() with { ExpectedVersion = 3 })));
        Assert.Equal(["expectedVersions"], FieldsInError(validator,
            new RecordDevelopment(ids, Detention(), ExpectedVersions: new Dictionary<Guid, long> { [Guid.NewGuid()] = 2 })));
    }
}
