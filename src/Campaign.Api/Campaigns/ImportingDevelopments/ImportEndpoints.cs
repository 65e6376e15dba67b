using Campaign.Access;
using Campaign.Infrastructure.ApiDocument;
using Campaign.Infrastructure.Writing;
using Microsoft.AspNetCore.Authorization;
using Wolverine.Http;

namespace Campaign.Campaigns.ImportingDevelopments;

public static class ImportEndpoints
{
    /// <summary>
    /// The spreadsheet template of developments: the header with every column, and the Atajurt 19 case's detention, charge
    /// and escalation for its first defendant as example rows. The columns are documented in docs/import.md.
    /// </summary>
    /// <remarks>For whoever may record developments (staff and admins); a template names no campaign.</remarks>
    [WolverineGet("/api/imports/template", OperationId = "GetImportTemplate"), Authorize(Policy = Policies.Launch)]
    [ProducesStream("text/csv", "The template, UTF-8 with a byte order mark, as an attachment.")]
    public static async Task Template(HttpContext context)
    {
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = "attachment; filename=developments-template.csv";
        await context.Response.Body.WriteAsync(DevelopmentSheet.Template(), context.RequestAborted);
    }

    /// <summary>
    /// Checks a sheet of developments against the campaign without recording anything: every error by row (the header is
    /// row 1, as a spreadsheet numbers them) and column, found by the same validators and decisions as the API's writes,
    /// the defendants it would register, and whether the same file was imported before.
    /// </summary>
    /// <param name="createDefendants">Register the defendants the sheet names that the campaign does not have, rather than refuse their rows.</param>
    /// <param name="fileName">The file's name, kept with the import.</param>
    [WolverinePost("/api/campaigns/{id}/imports/dry-run", OperationId = "CheckImport"), Authorize(Policy = Policies.Write)]
    [RequestText("text/csv", typeof(DevelopmentSheet), nameof(DevelopmentSheet.Described), Example = nameof(DevelopmentSheet.TemplateText))]
    public static async Task<ImportReport> Check(Guid id, bool? createDefendants, string? fileName, HttpRequest request, Importer importer) =>
        await importer.Check(id, await Read(request), fileName, createDefendants ?? false, request.HttpContext.RequestAborted);

    /// <summary>
    /// Records a sheet of developments all or nothing, as the signed-in person, after the same checks as the dry run: with
    /// any error, nothing is recorded and the errors are answered as problem details, named "row N: column". The same file
    /// (by its SHA-256) imported again records nothing and says so (alreadyImported).
    /// </summary>
    /// <param name="createDefendants">Register the defendants the sheet names that the campaign does not have, in the same write.</param>
    /// <param name="fileName">The file's name, kept with the import.</param>
    [WolverinePost("/api/campaigns/{id}/imports", OperationId = "ImportDevelopments"), Authorize(Policy = Policies.Write)]
    [RequestText("text/csv", typeof(DevelopmentSheet), nameof(DevelopmentSheet.Described), Example = nameof(DevelopmentSheet.TemplateText))]
    public static async Task<ImportReport> Apply(Guid id, bool? createDefendants, string? fileName, HttpRequest request, Importer importer)
    {
        var report = await importer.Apply(id, await Read(request), fileName, createDefendants ?? false, request.HttpContext.User,
            request.HttpContext.RequestAborted);
        if (report.Errors.Count > 0)
            throw new InvalidCommand(report.Errors.GroupBy(Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()));
        return report;
    }

    /// <summary>An error named as problem details name fields: <c>row 3: occurred_on</c>, <c>file</c> for the whole file.</summary>
    public static string Field(ImportError error) =>
        error.Row == 0 ? "file" : error.Column.Length == 0 ? $"row {error.Row}" : $"row {error.Row}: {error.Column}";

    /// <summary>The body, up to one byte past the limit (the importer refuses a larger file by its size).</summary>
    private static async Task<byte[]> Read(HttpRequest request)
    {
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while (body.Length <= DevelopmentSheet.MaxBytes && (read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
            body.Write(buffer, 0, read);
        return body.ToArray();
    }
}
