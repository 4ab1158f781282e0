from django.http import HttpRequest, HttpResponse


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Halaman aplikasi uji")


def home_section() -> dict:
    return {"greeting": "Salam dari aplikasi uji"}


def dashboard_panel(request: HttpRequest) -> dict:
    return {"username": request.user.get_username()}
