"""Demo content (manage.py seed_demo): each app registers its seeder in its AppConfig.ready().

Seeders run by ascending order, which is dependency order: the office before what is filed in
its regions, subscribers before the news mailed to them. Every seeder is idempotent: running
seed_demo again leaves every count unchanged.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoSeeder:
    name: str
    seeder: Callable[[], None]
    order: int


_seeders: dict[str, DemoSeeder] = {}


def demo_seeder_register(*, name: str, seeder: Callable[[], None], order: int) -> None:
    """Add a seeder; registering the same name twice replaces it."""
    _seeders[name] = DemoSeeder(name=name, seeder=seeder, order=order)


def demo_seeders() -> list[DemoSeeder]:
    return sorted(_seeders.values(), key=lambda entry: (entry.order, entry.name))


# The account the demo's articles and education items are written by.
DEMO_AUTHOR_USERNAME = "redaksi.demo"


def demo_author():
    """The demo's newsroom account (no password: nobody logs in as it), created once."""
    from django.contrib.auth import get_user_model

    user_model = get_user_model()
    author = user_model.objects.filter(username=DEMO_AUTHOR_USERNAME).first()
    if author is None:
        author = user_model(username=DEMO_AUTHOR_USERNAME, first_name="Redaksi", last_name="Humas")
        author.set_unusable_password()
        author.full_clean()
        author.save()
    return author


def demo_pdf(pages: list[list[str]]) -> bytes:
    """A small text PDF written on the spot (nothing downloaded): one page per list of lines,
    Latin-1 text. Seeders pass it through humas_portal.uploads.pdf_sanitize as an upload is."""
    from io import BytesIO

    import pikepdf

    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    for lines in pages:
        commands = ["BT", "/F1 14 Tf", "18 TL", "60 780 Td"]
        for line in lines:
            # Latin-1 text in a PDF string: escape its delimiters.
            escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            commands.append("(%s) '" % escaped)
        commands.append("ET")
        page = pikepdf.Page(
            pikepdf.Dictionary(
                Type=pikepdf.Name.Page,
                MediaBox=[0, 0, 595, 842],
                Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                Contents=pdf.make_stream("\n".join(commands).encode("latin-1")),
            )
        )
        pdf.pages.append(page)
    output = BytesIO()
    pdf.save(output)
    return output.getvalue()
