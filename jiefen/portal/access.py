"""Who is using the portal: the logged-in citizen, the cases this visitor follows, and the way to the login page for
one who is not yet logged in."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from jiefen.orgs.jurisdiction import staff_of
from jiefen.portal.models import Submission

GRANTED = "portal_cases"  # case ids the session has opened with tracking code and phone number


def citizen_of(request):
    """The logged-in citizen (a user without a staff post), or None."""
    user = request.user
    return user if user.is_authenticated and staff_of(user) is None else None


def to_login(request):
    """To the portal's login page, and back to this page afterwards."""
    return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")


def granted_cases(request) -> list[int]:
    return request.session.get(GRANTED, [])


def grant(request, case_id: int) -> None:
    """Let this session follow case ``case_id`` (its tracking code and the applicant's phone were given)."""
    granted = granted_cases(request)
    if case_id not in granted:
        request.session[GRANTED] = [*granted, case_id]


def follows(request, case_id: int) -> bool:
    """Whether the visitor follows case ``case_id`` on the portal as its applicant: they brought it (logged in), or
    this session opened it with its tracking code and phone number."""
    citizen = citizen_of(request)
    return case_id in granted_cases(request) or (
        citizen is not None and Submission.objects.filter(case_id=case_id, citizen=citizen).exists()
    )
