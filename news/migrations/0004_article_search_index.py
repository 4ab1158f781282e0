"""The search's GIN index (news.selectors.article_document), on PostgreSQL only.

The expression is what Django compiles ``article_document()`` to: the planner uses the index
only for a query whose expression is the same after parsing (tests/news/test_search_plan.py
checks it with EXPLAIN). The body is indexed as stored, HTML and all: PostgreSQL's parser reads
tags and entities as token types that the "simple" configuration does not index, so only the
text between the tags becomes lexemes.
"""

from django.db import migrations

from humas_portal.migration_operations import PostgreSQLOnlySQL

DOCUMENT = (
    "setweight(to_tsvector('simple'::regconfig, COALESCE(title, '')), 'A')"
    " || setweight(to_tsvector('simple'::regconfig,"
    " COALESCE(lead, '') || ' ' || COALESCE(claim, '')), 'B')"
    " || setweight(to_tsvector('simple'::regconfig, COALESCE(body, '')), 'C')"
)


class Migration(migrations.Migration):
    dependencies = [("news", "0003_cover_credit_help_text")]

    operations = [
        PostgreSQLOnlySQL(
            sql="CREATE INDEX news_article_search_document ON news_article USING gin ((%s))"
            % DOCUMENT,
            reverse_sql="DROP INDEX news_article_search_document",
        )
    ]
