from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiefen.cases.assisted import register_assisted
from jiefen.cases.duplicates import likely_duplicates
from jiefen.cases.services import can_register
from jiefen.core.taxonomy import Channel
from jiefen.orgs.models import Post
from jiefen.workbench.access import staff_required
from jiefen.workbench.forms import (
    MAX_FURTHER_PARTIES,
    AssistedFilingForm,
    RegistrationForm,
    WindowRegistrationForm,
    registration_forms,
    show_service_errors,
)

CONSENT_FIELDS = ("consent_kind", "consent_file")


def _further_parties(data) -> int:
    try:
        count = int(data.get("further_parties", 0)) if data is not None else 0
    except ValueError:
        count = 0
    if data is not None and "add_party" in data:
        count += 1
    return max(0, min(count, MAX_FURTHER_PARTIES))


def registration_page(request, register, *, form_class=RegistrationForm, initial=None, action=None, extra=None):
    """The registration form (case, parties, assisted filing) and its round trips: ``register(form, parties,
    consent)`` stores the case through the services and returns it. Window registration and leads share it."""
    data = request.POST if request.method == "POST" else None
    adding = data is not None and "add_party" in data
    bound = data is not None and not adding
    form, parties = registration_forms(
        request.staff, data, further=_further_parties(data), bound=bound, initial=initial, form_class=form_class,
    )
    if bound:
        assisted = AssistedFilingForm(data, request.FILES, prefix="assisted")
    elif data is not None:  # growing the party forms: a file cannot be carried over, the ticked box and kind can
        kept = {"assisted": "assisted-assisted" in data, "consent_kind": data.get("assisted-consent_kind")}
        assisted = AssistedFilingForm(prefix="assisted", initial=kept)
    else:
        assisted = AssistedFilingForm(prefix="assisted")
    status = 200
    if bound:
        valid = [f.is_valid() for f in (form, *parties, assisted)]  # every form, so that every error shows at once
        if all(valid):
            given = [party for party in parties if not getattr(party, "is_blank", False)]
            try:
                case = register(form, [party.as_party() for party in given], assisted.consent())
            except ValidationError as error:
                errors = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
                for field in CONSENT_FIELDS:
                    for message in errors.get(field, ()):
                        assisted.add_error(field, message)
                others = {key: value for key, value in errors.items() if key not in CONSENT_FIELDS}
                show_service_errors(ValidationError(others), form, given)
            except PermissionDenied as error:
                form.add_error("handling_org", str(error))
            else:
                messages.success(request, _("Case %(number)s registered.") % {"number": case.number})
                found = len(likely_duplicates(case, user=request.user))
                if found:
                    messages.warning(request, ngettext(
                        "Found %(count)d likely duplicate; please check it on the case page.",
                        "Found %(count)d likely duplicates; please check them on the case page.",
                        found,
                    ) % {"count": found})
                return redirect("workbench:case", pk=case.pk)
        status = 422
    context = {
        "form": form, "parties": parties, "assisted": assisted, "rejected": status == 422,
        "further": len(parties) - 2, "can_add": len(parties) - 2 < MAX_FURTHER_PARTIES,
        "action": action or request.path, **(extra or {}),
    }
    return render(request, "workbench/register.html", context, status=status)


@staff_required
def register_view(request):
    """Register a dispute brought to the window (接案登记). The service numbers it and checks everything."""
    if request.staff.post == Post.GRID:
        return redirect("screening:new")  # grid workers report from the field, at their own station
    if not can_register(request.staff):
        raise PermissionDenied(_("Your post does not register disputes."))

    def register(form, parties, consent):
        return register_assisted(
            consent=consent, actor=request.user, channel=Channel.WINDOW, parties=form.with_claimants(parties),
            **form.case_data(),
        )

    return registration_page(request, register, form_class=WindowRegistrationForm)
