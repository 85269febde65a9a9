"""What the challenges app holds about a person: exported on request; on account deletion the published
questions stay (without the wording as asked), the rest goes."""

from accounts.personal_data import delete_account
from challenges import alerts, services
from challenges.models import Question
from gnist.personal_data import export_for


def test_the_export_holds_the_persons_questions_as_asked_follows_and_alerts(cast, published, theme):
    question = services.ask_question(published, actor=cast.supplier, text="Kan vi levere sammen?")
    services.answer_question(question, actor=cast.staff, text="Kan flere levere sammen?", answer="Ja.")
    services.follow_challenge(published, actor=cast.supplier)
    alerts.save_alerts(cast.supplier, frequency="weekly", themes=[theme], counties=[])

    data = export_for(cast.supplier)

    assert [
        (entry["question_as_asked"], entry["question_as_published"], entry["status"])
        for entry in data["challenge_questions"]
    ] == [("Kan vi levere sammen?", "Kan flere levere sammen?", "published")]
    follows_and_alerts = data["challenge_follows_and_alerts"]
    assert [follow["challenge"] for follow in follows_and_alerts["follows"]] == [published.title]
    assert [(alert["theme"], alert["county"]) for alert in follows_and_alerts["alerts"]] == [("Bolig", None)]
    assert follows_and_alerts["frequency"] == "weekly"
    assert "unsubscribe_token" not in str(data)


def test_deleting_the_account_keeps_published_answers_without_the_original_and_drops_the_rest(
    cast, published
):
    answered = services.ask_question(published, actor=cast.supplier, text="Siri spør: kan vi levere?")
    services.answer_question(answered, actor=cast.staff, text="Kan leverandører levere?", answer="Ja.")
    services.ask_question(published, actor=cast.supplier, text="Venter fortsatt?")

    delete_account(cast.supplier)

    assert list(Question.objects.values_list("text", "original_text", "answer", "asked_by")) == [
        ("Kan leverandører levere?", "", "Ja.", None)
    ]
