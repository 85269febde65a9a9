"""What the course holds about a person, for "download my data". Everything is deleted with the account
(on_delete=CASCADE), so no anonymiser is needed; a deleted person's certificate no longer verifies."""

from accounts.models import User


def export_competence(user: User) -> dict:
    from competence.models import Certificate, LessonCompletion, NotebookEntry, QuizAttempt, TeamSharing

    sharing = TeamSharing.objects.filter(user=user).first()
    return {
        "lessons_completed": [
            {
                "lesson": completion.lesson.title,
                "module": completion.lesson.module.title,
                "completed_at": completion.completed_at.isoformat(),
            }
            for completion in LessonCompletion.objects.filter(user=user)
            .select_related("lesson__module")
            .order_by("completed_at")
        ],
        "notebook": [
            {
                "exercise": entry.exercise.title,
                "answers": entry.answers,
                "created_at": entry.created_at.isoformat(),
                "updated_at": entry.updated_at.isoformat(),
            }
            for entry in NotebookEntry.objects.filter(user=user).select_related("exercise__module")
        ],
        "quiz_attempts": [
            {
                "quiz": attempt.quiz.title,
                "score": attempt.score,
                "passed": attempt.passed,
                "answers": attempt.answers,
                "submitted_at": attempt.submitted_at.isoformat(),
            }
            for attempt in QuizAttempt.objects.filter(user=user)
            .select_related("quiz")
            .order_by("submitted_at")
        ],
        "certificates": [
            {
                "code": certificate.code,
                "name": certificate.name,
                "edition": certificate.edition_title,
                "modules": certificate.modules,
                "status": certificate.status,
                "issued_at": certificate.issued_at.isoformat(),
            }
            for certificate in Certificate.objects.filter(user=user).order_by("issued_at")
        ],
        "team_sharing": bool(sharing and sharing.shared),
    }
