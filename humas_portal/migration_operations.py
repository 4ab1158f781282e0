"""Migration operations shared by the apps."""

from django.db import migrations


class PostgreSQLOnlySQL(migrations.RunSQL):
    """SQL run on PostgreSQL only, outside the model state: for what SQLite cannot have (an
    expression index over to_tsvector, a trigram index). The models stay the same on both
    backends, so ``makemigrations`` sees no change, and the SQLite suite still migrates."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
