"""What the challenges app holds about a person, for "download my data" and account deletion
(registered in gnist.personal_data from ChallengesConfig.ready)."""

from challenges.models import AlertSettings, AlertSubscription, Follow, Question


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def export_questions(user) -> list[dict]:
    """The person's questions as they asked them, and what became of each."""
    questions = Question.objects.filter(asked_by=user).select_related("challenge").order_by("asked_at", "pk")
    return [
        {
            "challenge": question.challenge.title,
            "asked_at": _iso(question.asked_at),
            "question_as_asked": question.original_text,
            "status": question.status,
            "question_as_published": question.text,
            "answer": question.answer,
            "published_at": _iso(question.published_at),
        }
        for question in questions
    ]


def export_follows_and_alerts(user) -> dict:
    """The challenges the person follows, their alert subscriptions and settings (not the unsubscribe token:
    a secret, and theirs already in every alert)."""
    alert_settings = AlertSettings.objects.filter(user=user).first()
    follows = Follow.objects.filter(user=user).select_related("challenge").order_by("created_at", "pk")
    subscriptions = (
        AlertSubscription.objects.filter(user=user)
        .select_related("theme", "county")
        .order_by("created_at", "pk")
    )
    return {
        "follows": [
            {"challenge": follow.challenge.title, "since": _iso(follow.created_at)} for follow in follows
        ],
        "alerts": [
            {
                "theme": subscription.theme.name if subscription.theme else None,
                "county": subscription.county.name if subscription.county else None,
                "since": _iso(subscription.created_at),
            }
            for subscription in subscriptions
        ],
        "frequency": alert_settings.frequency if alert_settings else None,
        "last_digest_at": _iso(alert_settings.last_digest_at) if alert_settings else None,
    }


def anonymise_person(user) -> None:
    """Before the account is deleted: questions not published (waiting or declined) go — they are the
    person's alone and nobody owes them an answer any more; published ones stay as everyone read them (the
    published text and the answer) with the question as asked blanked, since its wording is the person's own
    and may name them or their firm. `asked_by` clears with the user row (SET_NULL); follows, alerts and
    settings go with it (CASCADE)."""
    mine = Question.objects.filter(asked_by=user)
    mine.exclude(status=Question.Status.PUBLISHED).delete()
    mine.update(original_text="")
