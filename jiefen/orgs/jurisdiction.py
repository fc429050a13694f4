"""The one scoping function: every query of cases, parties and staff is narrowed by ``jurisdiction_q``.

A staff member sees their organisation's subtree and nothing else; a user without a post in the network
(a citizen, an anonymous visitor, a bare administrator account) sees nothing through these queries, and neither
does a grid worker or informant: they report from the field and follow only their own reports (``screening``),
never the station's cases, parties or files.
"""

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q


def staff_of(user):
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.staff
    except ObjectDoesNotExist:
        return None


def jurisdiction_q(user, organisation_field: str) -> Q:
    """A filter keeping rows whose ``organisation_field`` lies in the user's organisation subtree."""
    from jiefen.orgs.models import Post  # orgs.models imports this module

    staff = staff_of(user)
    if staff is None or staff.post == Post.GRID:
        return Q(pk__in=[])
    return Q(**{f"{organisation_field}__path__startswith": staff.organisation.path})
