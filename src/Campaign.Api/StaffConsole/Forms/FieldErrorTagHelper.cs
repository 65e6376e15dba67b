using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Campaign.StaffConsole.Forms;

/// <summary>
/// Ties a field's error to its input for assistive technology: the message gets the id <c>{input id}-error</c>, and an input
/// with an error is marked <c>aria-invalid</c> and described by it. Ids and descriptions an author wrote are left alone.
/// </summary>
[HtmlTargetElement("input", Attributes = "asp-for")]
[HtmlTargetElement("select", Attributes = "asp-for")]
[HtmlTargetElement("textarea", Attributes = "asp-for")]
[HtmlTargetElement("span", Attributes = "asp-validation-for")]
public sealed class FieldErrorTagHelper : TagHelper
{
    [HtmlAttributeName("asp-for")] public ModelExpression? For { get; set; }
    [HtmlAttributeName("asp-validation-for")] public ModelExpression? ValidationFor { get; set; }
    [ViewContext, HtmlAttributeNotBound] public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if ((For ?? ValidationFor) is not { } expression) return;
        var name = ViewContext.ViewData.TemplateInfo.GetFullHtmlFieldName(expression.Name);
        var errorId = TagBuilder.CreateSanitizedId(name, "_") + "-error";
        if (For is null)
        {
            if (!output.Attributes.ContainsName("id")) output.Attributes.SetAttribute("id", errorId);
            return;
        }
        if (ViewContext.ModelState.TryGetValue(name, out var entry) && entry.Errors.Count > 0 && !output.Attributes.ContainsName("aria-invalid"))
        {
            output.Attributes.SetAttribute("aria-invalid", "true");
            if (!output.Attributes.ContainsName("aria-describedby")) output.Attributes.SetAttribute("aria-describedby", errorId);
        }
    }
}
