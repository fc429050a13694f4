"""The public portal's pages. No staff login: a citizen logs in by phone and one-time code, or follows a case with
its tracking code and their phone number (the session then remembers that case)."""

from django.contrib import messages
from django.contrib.auth import login, logout
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jiefen.core.forms import add_service_errors
from jiefen.core.http import document_response
from jiefen.core.idempotency import KeyReused
from jiefen.documents.agreement import agreement_docx, agreement_filename
from jiefen.documents.guidance import guidance_content, guidance_filename, guidance_pdf
from jiefen.documents.models import ServiceRecord
from jiefen.documents.notice import notice_content, notice_filename, notice_pdf
from jiefen.portal import codes, services
from jiefen.portal.access import citizen_of, grant, granted_cases
from jiefen.portal.forms import DisputeForm, RatingForm, village_choices
from jiefen.portal.models import Submission

ELDER_COOKIE = "jiefen_elder"


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return default


def _submission(request, code: str) -> Submission:
    return services.access_submission(citizen_of(request), code, granted_cases(request))


def home(request):
    citizen = citizen_of(request)
    submissions = (
        list(Submission.objects.filter(citizen=citizen).select_related("case").order_by("-created_at"))
        if citizen else []
    )
    for submission in submissions:
        submission.state_label = services.public_label(submission.case.state)
    return render(request, "portal/home.html", {"citizen": citizen, "submissions": submissions})


def login_view(request):
    next_url = _safe_next(request, reverse("portal:home"))
    phone, code_sent, errors = request.POST.get("phone", "").strip(), False, {}
    if request.method == "POST":
        try:
            if request.POST.get("action") == "send":
                services.request_code(phone, request.META.get("REMOTE_ADDR"))
                code_sent = True
                messages.success(request, _("A 6-digit code was sent to your phone. It is valid for 5 minutes."))
            else:
                code_sent = True
                user = services.verify_code(phone, request.POST.get("code", ""))
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                return HttpResponseRedirect(next_url)
        except ValidationError as error:
            errors = error.message_dict
            code_sent = code_sent and "phone" not in errors
        except codes.TooManyRequests as error:
            errors, code_sent = {"phone": [str(error)]}, True  # a code sent a moment ago may still be typed
    return render(request, "portal/login.html", {
        "phone": phone, "code_sent": code_sent, "errors": errors, "next": next_url,
    })


@require_POST
def logout_view(request):
    logout(request)
    return redirect("portal:home")


def submit_view(request):
    citizen = citizen_of(request)
    if citizen is None:
        return redirect(f"{reverse('portal:login')}?next={reverse('portal:submit')}")
    form = DisputeForm(request.POST or None)
    file_errors = []
    if request.method == "POST" and form.is_valid():
        phone = services.phone_of(citizen)
        try:
            submission = services.submit_once(
                form.cleaned_data["submission_key"], citizen=citizen, phone=phone,
                files=request.FILES.getlist("files"), **form.dispute(phone),
            )
        except KeyReused:
            form.renew_key()
            form.add_error(None, _("This form was already sent with other content. Check what you typed and send "
                                   "it again to register it as a new dispute."))
        except ValidationError as error:
            errors = dict(error.message_dict)
            file_errors = errors.pop("files", [])
            if errors:
                form.add_service_errors(ValidationError(errors))
        else:
            messages.success(request, _("Your dispute is registered. Keep your tracking code: %(code)s")
                             % {"code": submission.tracking_code})
            return redirect("portal:case", code=submission.tracking_code)
    elif request.method == "POST" and request.FILES.getlist("files"):
        try:
            services.check_files(request.FILES.getlist("files"))
        except ValidationError as error:
            file_errors = error.message_dict.get("files", [])
    rejected = request.method == "POST"
    return render(request, "portal/submit.html", {
        "form": form, "file_errors": file_errors, "rejected": rejected,
        "files_dropped": rejected and bool(request.FILES.getlist("files")),
        "limits": _limits(),
    }, status=400 if rejected else 200)


def villages(request):
    """The village options of a township, swapped into the form by htmx when the township changes."""
    return render(request, "portal/partials/village_options.html",
                  {"choices": village_choices(request.GET.get("township", ""))})


def _limits() -> dict:
    return {"max_mb": services.MAX_FILE_SIZE // 2**20, "max_files": services.MAX_FILES, "accept": services.ACCEPT}


def track(request):
    code, phone, not_found = request.POST.get("code", ""), request.POST.get("phone", ""), False
    if request.method == "POST":
        try:
            submission = services.submission_by_code(code, phone)
        except Http404:
            not_found = True
        else:
            grant(request, submission.case_id)
            return redirect("portal:case", code=submission.tracking_code)
    response = render(request, "portal/track.html", {"code": code, "phone": phone, "not_found": not_found})
    if not_found:
        response.status_code = 404
    return response


def case_view(request, code):
    submission = _submission(request, code)
    return _case_page(request, submission)


def _case_page(request, submission, *, upload_errors=(), rating_form=None, booking_errors=(), method_errors=(),
               status=200):
    case = submission.case
    rating = services.rating_of(submission)
    return render(request, "portal/case.html", {
        "submission": submission, "case": case, "timeline": services.public_timeline(case),
        "state_label": services.public_label(case.state),
        "views": services.data_views(case),
        "rating": rating, "can_rate": rating is None and case.state in services.RATABLE_STATES,
        "rating_form": rating_form or RatingForm(), "upload_errors": upload_errors, "limits": _limits(),
        "appointment": services.current_appointment(case),
        "can_answer": case.state in services.ANSWERABLE_STATES, "answer": services.latest_method_response(case),
        "proposed": services.proposed_method(case), "method_choices": services.method_choices(),
        "method_errors": method_errors,
        "slots": services.bookable_slots(case) if case.is_open else [], "booking_errors": booking_errors,
        "served": services.served_on_submission(submission),
    }, status=status)


@require_POST
def upload(request, code):
    submission = _submission(request, code)
    user = citizen_of(request) or submission.citizen
    try:
        stored = services.add_evidence(submission, user, request.FILES.getlist("files"))
    except ValidationError as error:
        return _case_page(request, submission, upload_errors=error.message_dict.get("files", []), status=400)
    messages.success(request, _("%(n)d file(s) added.") % {"n": len(stored)})
    return redirect("portal:case", code=submission.tracking_code)


@require_POST
def rate_view(request, code):
    submission = _submission(request, code)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rate(submission, form.cleaned_data["stars"], form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for your rating."))
            return redirect("portal:case", code=submission.tracking_code)
    return _case_page(request, submission, rating_form=form, status=400)


@require_POST
def elder_toggle(request):
    response = HttpResponseRedirect(_safe_next(request, reverse("portal:home")))
    if request.COOKIES.get(ELDER_COOKIE) == "1":
        response.delete_cookie(ELDER_COOKIE)
    else:
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax",
                            secure=request.is_secure())
    return response


@require_POST
def book(request, code):
    submission = _submission(request, code)
    try:
        appointment = services.book(submission, request.POST.get("slot", ""))
    except ValidationError as error:
        return _case_page(request, submission, booking_errors=error.message_dict.get("slot", []), status=400)
    messages.success(request, _("Booked: %(org)s, %(time)s. Please bring your ID card and your material.") % {
        "org": appointment.slot.organisation.name,
        "time": date_format(timezone.localtime(appointment.slot.starts_at), "Y-m-d H:i"),
    })
    return redirect("portal:case", code=submission.tracking_code)


@require_POST
def cancel_booking(request, code):
    submission = _submission(request, code)
    if services.cancel_appointment(submission) is not None:
        messages.success(request, _("Your appointment is cancelled."))
    return redirect("portal:case", code=submission.tracking_code)


@require_POST
def answer_method(request, code):
    submission = _submission(request, code)
    agreed = request.POST.get("answer") == "agree"
    try:
        services.answer_method(submission, agreed=agreed, method=request.POST.get("method", ""),
                               note=request.POST.get("note", ""))
    except ValidationError as error:
        return _case_page(request, submission, method_errors=error.message_dict.get("method", []), status=400)
    messages.success(request, _("Your answer is recorded. The centre will contact you.") if agreed else
                     _("Your refusal is recorded. You keep the right to go to court; the centre will tell you how."))
    return redirect("portal:case", code=submission.tracking_code)


def _served(request, token, *, read: bool):
    """The served record for the logged-in party, or the response to give instead (login, or the refusal)."""
    citizen = citizen_of(request)
    if citizen is None:
        return None, redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
    try:
        return services.open_served(citizen, token, read=read), None
    except services.NotTheParty as refusal:
        return None, render(request, "portal/served_refused.html", {"message": str(refusal)}, status=403)


def served(request, token):
    """A document served on the party online: the link in their text message. Opening it is the read receipt."""
    record, refusal = _served(request, token, read=True)
    if refusal is not None:
        return refusal
    case = record.case
    is_notice = record.document == ServiceRecord.Document.NOTICE
    is_guidance = record.document == ServiceRecord.Document.GUIDANCE
    response = render(request, "portal/served.html", {
        "record": record, "case": case, "notice": notice_content(case) if is_notice else None,
        "guidance": guidance_content(case) if is_guidance else None,
        "agreement": None if is_notice or is_guidance else case.current_agreement(),
    })
    response["Cache-Control"] = "private, no-store"
    return response


def served_download(request, token):
    """The served document as a file: the notice as PDF, the agreement as DOCX (opening it is a reading too)."""
    record, refusal = _served(request, token, read=True)
    if refusal is not None:
        return refusal
    case = record.case
    if record.document == ServiceRecord.Document.NOTICE:
        content, name = notice_pdf(case), notice_filename(case, "pdf")
    elif record.document == ServiceRecord.Document.GUIDANCE:
        content, name = guidance_pdf(case), guidance_filename(case, "pdf")
    else:
        content, name = agreement_docx(case), agreement_filename(case)
    return document_response(content, name)
