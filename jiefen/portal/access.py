"""Who is using the portal: the logged-in citizen, and the way to the login page for one who is not yet."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from jiefen.orgs.jurisdiction import staff_of


def citizen_of(request):
    """The logged-in citizen (a user without a staff post), or None."""
    user = request.user
    return user if user.is_authenticated and staff_of(user) is None else None


def to_login(request):
    """To the portal's login page, and back to this page afterwards."""
    return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
