from jiefen.orgs.jurisdiction import staff_of


def staff(request):
    """The signed-in user's post in the network, for the navigation of every page."""
    return {"current_staff": staff_of(getattr(request, "user", None))}
