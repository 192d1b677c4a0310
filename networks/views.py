from django.shortcuts import get_object_or_404, render

from networks.models import LearningNetwork


def network_list(request):
    networks = LearningNetwork.objects.published().prefetch_related("regions")
    return render(request, "networks/network_list.html", {"networks": networks})


def network_detail(request, slug):
    network = get_object_or_404(LearningNetwork.objects.published(), slug=slug)
    return render(request, "networks/network_detail.html", {"network": network})
