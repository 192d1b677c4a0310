"""Work left until the response has gone out (ioa_portal.lib.after_response)."""

import logging

from django.http import HttpResponse

from ioa_portal.lib.after_response import AfterResponseMiddleware, after_response


def test_work_waits_for_the_response_to_close_and_runs_once_in_order(rf):
    done = []

    def view(request):
        after_response(lambda: done.append("page stored"))
        after_response(lambda: done.append("counts stored"))
        return HttpResponse("siden")

    response = AfterResponseMiddleware(view)(rf.get("/"))
    assert response.content == b"siden"
    assert done == []
    response.close()
    assert done == ["page stored", "counts stored"]
    response.close()
    assert done == ["page stored", "counts stored"]


def test_work_that_fails_after_the_response_is_logged_and_the_rest_still_runs(rf, caplog):
    done = []

    def failing():
        raise RuntimeError("the shared cache is gone")

    def view(request):
        after_response(failing)
        after_response(lambda: done.append("counts stored"))
        return HttpResponse("siden")

    response = AfterResponseMiddleware(view)(rf.get("/"))
    with caplog.at_level(logging.ERROR, logger="ioa_portal.lib.after_response"):
        response.close()
    assert done == ["counts stored"]
    assert "Work after the response failed" in caplog.text
    assert "the shared cache is gone" in caplog.text


def test_outside_a_request_the_work_runs_at_once(rf):
    done = []
    after_response(lambda: done.append("stored"))
    assert done == ["stored"]
    # A request that ended leaves nothing behind for the next one.
    AfterResponseMiddleware(lambda request: HttpResponse())(rf.get("/")).close()
    after_response(lambda: done.append("again"))
    assert done == ["stored", "again"]
