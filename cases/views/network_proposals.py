"""A coordinator proposes a participant's challenge as a case (cases/from_networks.py).

Linked from the coordinator workspace's session page; only the network's coordinators and
superusers may post (others get 404, as everywhere in the workspace). The editors are
emailed by a job queued with the proposal, as for a case sent in through /anskaffelser/del/.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases import from_networks, tasks
from ioa_portal import jobs
from ioa_portal.lib.urls import base_url
from networks.models import LearningNetwork


@login_required
@require_POST
def propose(request, slug, pk):
    network = get_object_or_404(LearningNetwork.objects.coordinated_by(request.user), slug=slug)
    enrollment = get_object_or_404(
        network.enrollments.select_related("participant", "network"), pk=pk
    )
    try:
        with transaction.atomic():
            case = from_networks.propose_case(enrollment)
            jobs.defer(
                tasks.notify_editors_of_network_proposal,
                case_pk=case.pk,
                base_url=base_url(request),
            )
    except from_networks.ProposalError as error:
        context = {"network": network, "enrollment": enrollment, "message": error.message}
        return render(request, "cases/network_proposal_refused.html", context, status=409)
    messages.success(
        request,
        _(
            "Utfordringen til %(name)s er sendt til redaksjonen som forslag til anskaffelse. "
            "Den publiseres når redaksjonen har gått gjennom den."
        )
        % {"name": enrollment.participant.name},
    )
    return redirect(reverse("coordinator:sessions", args=[network.slug]) + "#forslag")
