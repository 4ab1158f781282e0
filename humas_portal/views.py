from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from humas_portal.health import health_report
from humas_portal.siteprofile.selectors import office_region_summary


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"region_summary": office_region_summary()})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    status, checks = health_report()
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "down" else 200
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", "Allow: /", "", "Sitemap: %s/sitemap.xml" % settings.PORTAL_BASE_URL]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
