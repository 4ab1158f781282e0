"""The search's GIN index (education.selectors.item_document), on PostgreSQL only.

As news.0004_article_search_index: the expression is what Django compiles ``item_document()``
to, since the planner uses the index only for the same expression (tests/education/
test_search_index.py checks it with EXPLAIN).
"""

from django.db import migrations

from humas_portal.migration_operations import PostgreSQLOnlySQL

DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig,"
    " COALESCE(lead, '') || ' ' || COALESCE(easy_read, '')), 'B')"
    " || setweight(to_tsvector('simple'::regconfig,"
    " COALESCE(body, '') || ' ' || COALESCE(image_description, '') || ' '"
    " || COALESCE(transcript, '')), 'C')"
)


class Migration(migrations.Migration):
    dependencies = [("education", "0001_items")]

    operations = [
        PostgreSQLOnlySQL(
            sql="CREATE INDEX education_item_search_document ON education_educationitem "
            "USING gin ((%s))" % DOCUMENT,
            reverse_sql="DROP INDEX education_item_search_document",
        )
    ]
