"""Public FAQ, glossary and quiz pages.

The quiz page carries a CSRF token in its form, so it is not page-cached (the page cache
refuses such pages anyway): the simple, safe choice. Answers are posted to the results
address, which counts them and shows the results as the POST's own answer (``private_page``:
never stored by a browser or proxy); nothing of the visitor is kept anywhere.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django.views.defaults import page_not_found

from education.guide_forms import answer_field, quiz_submission_read
from education.guide_selectors import (
    faq_groups_public,
    faq_query_normalise,
    glossary_public,
    quiz_list_public,
    quiz_public,
)
from education.guide_services import quiz_answers_record
from education.models import Quiz
from humas_portal.page_cache import cache_public_page
from humas_portal.publicforms import private_page
from humas_portal.ratelimit import rate_limit_check


@cache_public_page(query=("q",), normalise={"q": faq_query_normalise})
@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    query = faq_query_normalise(request.GET.get("q", ""))
    groups = faq_groups_public(query=query)
    return render(
        request,
        "education/faq.html",
        {
            "query": query,
            "groups": groups,
            "found": sum(len(group.questions) for group in groups),
        },
    )


@cache_public_page
@require_GET
def glossary(request: HttpRequest) -> HttpResponse:
    return render(request, "education/glossary.html", glossary_public())


@cache_public_page
@require_GET
def quiz_list(request: HttpRequest) -> HttpResponse:
    return render(request, "education/quiz_list.html", {"quizzes": quiz_list_public()})


def _quiz_or_404(slug: str) -> Quiz:
    try:
        return quiz_public(slug)
    except Quiz.DoesNotExist:
        raise Http404(_("Kuis tidak ditemukan.")) from None


def _quiz_form(
    request: HttpRequest, quiz: Quiz, *, submission=None, error: str = "", status: int = 200
) -> HttpResponse:
    questions = [
        {
            "question": question,
            "field": answer_field(question.pk),
            "chosen": submission.chosen.get(question.pk) if submission else None,
            "error": submission.errors.get(question.pk) if submission else None,
        }
        for question in quiz.questions.all()
    ]
    return render(
        request,
        "education/quiz.html",
        {
            "quiz": quiz,
            "questions": questions,
            "error": error
            or (submission and not submission.valid and _("Periksa jawaban yang ditandai.")),
        },
        status=status,
    )


@require_GET
def quiz(request: HttpRequest, slug: str) -> HttpResponse:
    return _quiz_form(request, _quiz_or_404(slug))


def _results(quiz: Quiz, chosen: dict, counts: dict[int, int]) -> list[dict]:
    results = []
    for question in quiz.questions.all():
        choices = list(question.choices.all())
        total = sum(counts.get(choice.pk, 0) for choice in choices)
        answer = chosen[question.pk]
        results.append(
            {
                "question": question,
                "chosen": answer,
                "right": answer.is_correct,
                "correct": [choice for choice in choices if choice.is_correct],
                "choices": [
                    {
                        "choice": choice,
                        "count": counts.get(choice.pk, 0),
                        "percent": round(100 * counts.get(choice.pk, 0) / total) if total else 0,
                    }
                    for choice in choices
                ],
            }
        )
    return results


@private_page
@require_http_methods(["GET", "POST"])
def quiz_result(request: HttpRequest, slug: str) -> HttpResponse:
    if request.method == "GET":
        # Results exist only as the answer to a submission: nothing of it is kept.
        return redirect("education:quiz", slug=slug)
    # Every submission counts against the limit, valid or not, before anything is read.
    refused = rate_limit_check(
        request,
        scope="quiz_answer",
        limit=settings.QUIZ_ANSWER_LIMIT,
        window=settings.QUIZ_ANSWER_WINDOW,
    )
    if refused is not None:
        return refused
    try:
        quiz = quiz_public(slug)
    except Quiz.DoesNotExist:
        # Rendered here, not raised: private_page marks only the responses the view returns.
        return page_not_found(request, Http404(_("Kuis tidak ditemukan.")))
    submission = quiz_submission_read(quiz, request.POST)
    if not submission.valid:
        return _quiz_form(request, quiz, submission=submission, status=400)
    try:
        counts = quiz_answers_record(
            quiz=quiz, choice_ids=[choice.pk for choice in submission.chosen.values()]
        )
    except ValidationError as error:
        return _quiz_form(request, quiz, submission=submission, error=error.messages[0], status=400)
    results = _results(quiz, submission.chosen, counts)
    return render(
        request,
        "education/quiz_result.html",
        {
            "quiz": quiz,
            "results": results,
            "score": sum(1 for result in results if result["right"]),
            "total": len(results),
        },
    )
