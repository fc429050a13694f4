from django import template

register = template.Library()


@register.inclusion_tag("agreements/partials/panel_loader.html")
def enforceability_panel(case):
    """The case page's “Agreement and enforceability” panel, loaded as an htmx fragment once a case has an
    agreement (the fragment is also a page of its own without JavaScript)."""
    return {"case": case}
