from django.shortcuts import redirect, render

from jiefen.cases.models import Case
from jiefen.cases.queues import count_by_state, work_queue
from jiefen.orgs.models import Post
from jiefen.workbench.access import staff_required
from jiefen.workbench.views.common import paginate


@staff_required
def work_queue_view(request):
    """The landing page: the cases waiting on this user, deadlines first; a grid worker's own reports instead."""
    if request.staff.post == Post.GRID:
        return redirect("screening:mine")
    summary = None
    if request.staff.post == Post.LEADER:
        summary = count_by_state(Case.objects.visible_to(request.user).open())
    return render(
        request,
        "workbench/queue.html",
        {"page": paginate(request, work_queue(request.user)), "summary": summary},
    )
