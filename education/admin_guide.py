"""The FAQ, glossary and quizzes in the admin.

Roles (humas_portal/roles.py, EDUCATION_GUIDE): the Redaksi writes and edits what is not public
yet; publishing, unpublishing and editing what is public take the ``publish_*`` permission of
the model (the Pemimpin Redaksi's), as for news. Quiz answer counts are never edited here.
"""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from education.models import GlossaryTerm, Question, Quiz, QuizChoice, QuizQuestion
from humas_portal.admin_site import CachedPagesAdminMixin


class PublishGateMixin:
    """``published`` is read-only without the publish permission, and so is a public entry."""

    publish_permission: str

    def publisher(self, request) -> bool:
        return request.user.has_perm(self.publish_permission)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if "published" in self.fields and not self.publisher(request):
            fields.append("published")
        return fields

    def public(self, obj) -> bool:
        return obj.published

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not self.public(obj) or self.publisher(request))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or not self.public(obj) or self.publisher(request))


@admin.register(Question)
class QuestionAdmin(CachedPagesAdminMixin, PublishGateMixin, admin.ModelAdmin):
    publish_permission = "education.publish_question"
    list_display = ["question", "theme", "order", "published"]
    list_filter = ["published", "theme"]
    search_fields = ["question", "answer"]
    prepopulated_fields = {"slug": ["question"]}
    fields = ["theme", "question", "slug", "answer", "order", "published"]


@admin.register(GlossaryTerm)
class GlossaryTermAdmin(CachedPagesAdminMixin, PublishGateMixin, admin.ModelAdmin):
    publish_permission = "education.publish_glossaryterm"
    list_display = ["term", "published"]
    list_filter = ["published"]
    search_fields = ["term", "definition"]
    prepopulated_fields = {"slug": ["term"]}
    autocomplete_fields = ["see_also"]
    fields = ["term", "slug", "definition", "see_also", "published"]


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    fields = ["order", "text", "explanation"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        # A question added here has no choices yet: on a public quiz it would show unanswerable.
        # There, questions are added on their own page, with their choices in one save.
        return super().has_add_permission(request, obj) and not (obj and obj.published)


@admin.register(Quiz)
class QuizAdmin(CachedPagesAdminMixin, PublishGateMixin, admin.ModelAdmin):
    publish_permission = "education.publish_quiz"
    list_display = ["title", "theme", "order", "published"]
    list_filter = ["published", "theme"]
    search_fields = ["title", "intro"]
    prepopulated_fields = {"slug": ["title"]}
    fields = ["title", "slug", "intro", "theme", "order", "published"]
    inlines = [QuizQuestionInline]


class QuizChoiceFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if len(kept) < 2:
            raise ValidationError(_("Sebuah pertanyaan perlu sedikitnya dua pilihan."))
        if not any(data.get("is_correct") for data in kept):
            raise ValidationError(_("Tandai sedikitnya satu pilihan sebagai jawaban benar."))


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    formset = QuizChoiceFormSet
    fields = ["order", "text", "is_correct", "answer_count"]
    readonly_fields = ["answer_count"]
    extra = 0
    min_num = 2


@admin.register(QuizQuestion)
class QuizQuestionAdmin(CachedPagesAdminMixin, PublishGateMixin, admin.ModelAdmin):
    publish_permission = "education.publish_quiz"
    list_display = ["text", "quiz", "order"]
    list_filter = ["quiz"]
    search_fields = ["text", "explanation"]
    fields = ["quiz", "order", "text", "explanation"]
    inlines = [QuizChoiceInline]

    def public(self, obj) -> bool:
        # A question has no "published" of its own: its quiz's decides.
        return obj.quiz.published

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "quiz" and not self.publisher(request):
            # A writer adds questions to quizzes not yet public only.
            kwargs["queryset"] = Quiz.objects.filter(published=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
