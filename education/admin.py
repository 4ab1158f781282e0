from education import admin_guide  # noqa: F401  (the FAQ, glossary and quiz admins)
