"""Education models, one module per part: items (G1) and the guide (FAQ, glossary, quizzes)."""

from education.models.guide import (
    GlossaryTerm,
    Question,
    Quiz,
    QuizChoice,
    QuizQuestion,
)
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
    "GlossaryTerm",
    "ItemFormat",
    "ItemStatus",
    "Question",
    "Quiz",
    "QuizChoice",
    "QuizQuestion",
    "ReadingLevel",
    "Segment",
    "Theme",
    "validate_slug_not_reserved",
    "validate_youtube_id",
]
