"""Who may open the workbench: signed-in users holding a post in the network, nobody else."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from jiefen.orgs.jurisdiction import staff_of


def staff_required(view):
    """Login first; then a user without a post (a citizen, a bare administrator) gets a 403 page saying so.

    The view finds the user's post as ``request.staff``.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        staff = staff_of(request.user)
        if staff is None:
            return render(request, "workbench/no_post.html", status=403)
        request.staff = staff
        return view(request, *args, **kwargs)

    return login_required(wrapped)
