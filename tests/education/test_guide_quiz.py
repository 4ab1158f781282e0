"""Answering a quiz: the score, the explanations and the anonymous counts; every bad
submission refused with an Indonesian error and nothing counted; the rate limit; 50
simultaneous answers all counted."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from education.guide_services import quiz_answers_record
from education.models import QuizChoice
from tests.conftest import run_at_once
from tests.education.guide_factories import counts, quiz_answers, quiz_create

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("office")]

RESULT_QUERIES = 8


@pytest.fixture
def quiz():
    return quiz_create(questions=2, title="Kenali Hak Pilihmu", intro="Dua pertanyaan singkat.")


def result_url(quiz) -> str:
    return reverse("education:quiz_result", args=[quiz.slug])


def test_the_quiz_page_is_a_form_of_radio_groups_posting_to_the_results(client, quiz):
    response = client.get(reverse("education:quiz", args=[quiz.slug]))

    page = response.text
    assert '<form class="form quiz" method="post" action="%s">' % result_url(quiz) in page
    assert page.count('type="radio"') == 6
    assert page.count("<fieldset") == 2
    assert "csrfmiddlewaretoken" in page


def test_an_unpublished_or_unknown_quiz_is_not_found(client):
    draft = quiz_create(published=False)
    assert client.get(reverse("education:quiz", args=[draft.slug])).status_code == 404
    assert client.post(result_url(draft), quiz_answers(draft)).status_code == 404
    assert client.get(reverse("education:quiz", args=["tidak-ada"])).status_code == 404


def test_right_answers_score_full_marks_and_are_counted(client, quiz):
    response = client.post(result_url(quiz), quiz_answers(quiz))

    assert response.status_code == 200
    page = response.text
    assert "Anda menjawab benar <strong>2</strong> dari 2 pertanyaan." in page
    assert "Penjelasan jawaban 1." in page
    assert "Penjelasan jawaban 2." in page
    assert page.count("Benar.") == 2
    assert counts(quiz) == [0, 1, 0, 0, 1, 0]
    assert "100 % pengunjung (1 jawaban)" in page
    # Per visitor: never stored by a browser or proxy, never indexed.
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex"
    assert "Set-Cookie" not in response


def test_wrong_answers_show_the_right_one_and_the_share_of_visitors(client, quiz):
    client.post(result_url(quiz), quiz_answers(quiz))
    client.post(result_url(quiz), quiz_answers(quiz))

    page = client.post(result_url(quiz), quiz_answers(quiz, right=False)).text

    assert "Anda menjawab benar <strong>0</strong> dari 2 pertanyaan." in page
    assert page.count("Belum tepat.") == 2
    assert "Jawaban yang benar: <strong>Pilihan B</strong>" in page
    assert "67 % pengunjung (2 jawaban)" in page
    assert "33 % pengunjung (1 jawaban)" in page
    assert counts(quiz) == [1, 2, 0, 1, 2, 0]


def test_the_results_address_without_answers_goes_back_to_the_quiz(client, quiz):
    response = client.get(result_url(quiz))
    assert response.status_code == 302
    assert response["Location"] == reverse("education:quiz", args=[quiz.slug])


def _refused(client, quiz, data, message):
    response = client.post(result_url(quiz), data)
    assert response.status_code == 400
    assert message in response.text
    assert "Periksa jawaban yang ditandai." in response.text
    assert counts(quiz) == [0] * 6
    return response


def test_a_missing_answer_is_refused_and_nothing_is_counted(client, quiz):
    data = quiz_answers(quiz)
    data.pop(next(iter(data)))
    response = _refused(client, quiz, data, "Pertanyaan ini belum dijawab.")
    # The answer given is kept checked.
    assert response.text.count(" checked>") == 1


def test_two_answers_to_one_question_are_refused(client, quiz):
    data = quiz_answers(quiz)
    field = next(iter(data))
    question = quiz.questions.first()
    data[field] = [str(choice.pk) for choice in question.choices.all()[:2]]
    _refused(client, quiz, data, "Pilih satu jawaban saja untuk pertanyaan ini.")


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "", "1 OR 1=1"])
def test_a_value_that_is_no_choice_is_refused(client, quiz, value):
    data = quiz_answers(quiz)
    data[next(iter(data))] = value
    _refused(client, quiz, data, "bukan salah satu pilihan pertanyaan ini")


def test_a_choice_of_another_quiz_or_question_is_refused(client, quiz):
    other = quiz_create(questions=1)
    data = quiz_answers(quiz)
    fields = list(data)
    data[fields[0]] = str(QuizChoice.objects.filter(question__quiz=other).first().pk)
    _refused(client, quiz, data, "bukan salah satu pilihan pertanyaan ini")
    data = quiz_answers(quiz)
    data[fields[0]] = data[fields[1]]  # a choice of the second question for the first
    _refused(client, quiz, data, "bukan salah satu pilihan pertanyaan ini")
    assert counts(other) == [0, 0, 0]


def test_the_service_refuses_a_partial_or_foreign_set_and_counts_nothing(quiz):
    from django.core.exceptions import ValidationError

    own = list(QuizChoice.objects.filter(question__quiz=quiz, is_correct=True))
    foreign = quiz_create(questions=1).questions.get().choices.first()
    for ids in ([own[0].pk], [own[0].pk, foreign.pk], [own[0].pk, own[0].pk], []):
        with pytest.raises(ValidationError):
            quiz_answers_record(quiz=quiz, choice_ids=ids)
    assert counts(quiz) == [0] * 6


def test_the_rate_limit_answers_429_and_counts_nothing_more(client, quiz, settings):
    settings.QUIZ_ANSWER_LIMIT = 2
    for _attempt in range(2):
        assert client.post(result_url(quiz), quiz_answers(quiz)).status_code == 200

    response = client.post(result_url(quiz), quiz_answers(quiz))

    assert response.status_code == 429
    assert response["Retry-After"]
    assert counts(quiz) == [0, 2, 0, 0, 2, 0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_answers_to_one_question_are_all_counted(require_postgresql, settings):
    from django.test import Client

    settings.QUIZ_ANSWER_LIMIT = 1000
    quiz = quiz_create(questions=1)
    data = quiz_answers(quiz)

    statuses = run_at_once(lambda: Client().post(result_url(quiz), data).status_code, times=50)

    assert statuses == [200] * 50
    assert counts(quiz) == [0, 50, 0]


@pytest.mark.parametrize("questions", [2, 10])
def test_the_results_cost_the_same_whatever_the_size_of_the_quiz(client, settings, questions):
    quiz = quiz_create(questions=questions)
    data = quiz_answers(quiz)
    client.post(result_url(quiz), data)  # fills the caches a running site keeps
    with CaptureQueriesContext(connection) as queries:
        assert client.post(result_url(quiz), data).status_code == 200
    # The quiz, its questions, their choices; in the transaction: the answered questions, the
    # one UPDATE, the counts afterwards, and the savepoint around them (the test runs inside a
    # transaction of its own).
    assert len(queries) == RESULT_QUERIES, [query["sql"] for query in queries]
