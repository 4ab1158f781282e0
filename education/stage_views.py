from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from education.stages import stage_timeline_context
from humas_portal.page_cache import cache_public_page


@cache_public_page
@require_GET
def stage_timeline(request: HttpRequest) -> HttpResponse:
    return render(request, "education/stages.html", stage_timeline_context())
