from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from cases.models import Case, Document


def _visible_cases(request):
    cases = Case.objects.all()
    if not request.user.is_staff:
        cases = cases.published()
    return cases


def case_detail(request, slug):
    case = get_object_or_404(_visible_cases(request), slug=slug)
    return render(request, "cases/case_detail.html", {"case": case})


def document_download(request, slug, pk):
    document = get_object_or_404(
        Document.objects.select_related("case").filter(case__in=_visible_cases(request)),
        case__slug=slug,
        pk=pk,
    )
    if not document.file:
        raise Http404
    return FileResponse(document.file.open("rb"), as_attachment=True)
