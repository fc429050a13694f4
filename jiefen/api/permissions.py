from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from jiefen.orgs.jurisdiction import staff_of


class IsStaffMember(BasePermission):
    """Only users holding a post in the network use the staff API; what they see is then scoped."""

    message = _("Only staff of the non-litigation service network may use this API.")

    def has_permission(self, request, view):
        return staff_of(request.user) is not None
