"""The pg_trgm extension for the search's typo suggestions (humas_portal.search).

On SQLite the operation does nothing. On PostgreSQL, CREATE EXTENSION needs the database's owner
(pg_trgm is a trusted extension since PostgreSQL 13) or a superuser: where the application's
role has neither, an administrator runs ``CREATE EXTENSION IF NOT EXISTS pg_trgm;`` in the
database once before migrating (docs/OPERATIONS.md, First installation).
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("humas_portal", "0001_initial")]

    operations = [TrigramExtension()]
