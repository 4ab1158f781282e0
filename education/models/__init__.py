"""Education models, one module per part: items (G1) and the guide (FAQ, glossary, quizzes)."""

from education.models.items import (
    RESERVED_SLUGS,
    ContentLanguage,
    EducationItem,
    EducationItemRevision,
    ItemFormat,
    ItemStatus,
    ReadingLevel,
    Segment,
    Theme,
    validate_slug_not_reserved,
    validate_youtube_id,
)

__all__ = [
    "RESERVED_SLUGS",
    "ContentLanguage",
    "EducationItem",
    "EducationItemRevision",
    "ItemFormat",
    "ItemStatus",
    "ReadingLevel",
    "Segment",
    "Theme",
    "validate_slug_not_reserved",
    "validate_youtube_id",
]
