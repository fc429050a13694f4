from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from jiefen.cases.moves import MOVE_FORMS, move_form, perform_move
from jiefen.cases.services import IllegalMove, access_case
from jiefen.cases.workflow import MOVE_LABELS
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import unprefixed
from jiefen.workbench.views.cases import case_page_context
from jiefen.workbench.views.common import wants_fragment


@staff_required
@require_http_methods(["GET", "POST"])
def move_view(request, pk, move):
    """One move on one case. GET shows its form; POST makes it through ``perform_move``.

    htmx requests get fragments (the form again with its errors, or a 409/403 notice); plain requests get the
    whole case page, so the workbench also works without JavaScript.
    """
    case = access_case(request.user, pk)
    if move not in MOVE_FORMS:
        raise Http404(_("No such move."))
    fragment = wants_fragment(request)
    if request.method == "GET":
        if fragment:
            form = move_form(case, move, request.user, prefix=move)
            return render(request, "workbench/partials/move_form.html", {"case": case, "form": form})
        return render(request, "workbench/case_detail.html", case_page_context(request, case, open_move=move))
    try:
        perform_move(case, move, request.user, unprefixed(request.POST, move), unprefixed(request.FILES, move))
    except ValidationError as error:
        form = _form_with_errors(case, move, request, error)
        if fragment:
            return render(request, "workbench/partials/move_form.html", {"case": case, "form": form}, status=422)
        context = case_page_context(request, case, bound_form=form)
        return render(request, "workbench/case_detail.html", context, status=422)
    except IllegalMove as error:
        return _refused(request, pk, str(error), status=409, fragment=fragment)
    except PermissionDenied as error:
        return _refused(request, pk, str(error) or _("You may not make this move."), status=403, fragment=fragment)
    messages.success(request, _("Done: %(move)s.") % {"move": MOVE_LABELS[move]})
    url = reverse("workbench:case", args=[case.pk])
    return HttpResponseClientRedirect(url) if fragment else redirect(url)


def _form_with_errors(case, move, request, error: ValidationError):
    """The move's form bound to what was typed, carrying its own errors and those only the service found."""
    form = move_form(case, move, request.user, data=request.POST, prefix=move, files=request.FILES)
    form.is_valid()
    for field, messages_ in error.message_dict.items():
        name = field if field in form.fields else None
        for message in messages_:
            if message not in form.errors.get(name or "__all__", []):
                form.add_error(name, message)
    return form


def _refused(request, pk, message: str, *, status: int, fragment: bool):
    """The move was refused by the workflow: say why, on the case as it is now."""
    if fragment:
        return render(request, "workbench/partials/move_refused.html", {"message": message, "pk": pk}, status=status)
    case = access_case(request.user, pk)
    context = case_page_context(request, case)
    context["refusal"] = message
    return render(request, "workbench/case_detail.html", context, status=status)
