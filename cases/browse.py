"""Browsing and searching published cases: the list page, feeds, exports."""

from django.shortcuts import render

from cases.models import Case


def case_list(request):
    cases = Case.objects.published().for_cards()[:50]
    return render(request, "cases/case_list.html", {"cases": cases})
