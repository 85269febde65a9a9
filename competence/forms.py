from django import forms
from django.utils.translation import gettext_lazy as _

from competence.models import Exercise, Quiz


class ExerciseForm(forms.Form):
    """One text box per answer field: a reflection has one, the challenge canvas five."""

    def __init__(self, *args, exercise: Exercise, **kwargs):
        super().__init__(*args, **kwargs)
        for spec in exercise.answer_fields():
            self.fields[spec["key"]] = forms.CharField(
                label=spec["label"],
                help_text=spec["help"],
                required=False,
                max_length=10_000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )

    def clean(self):
        cleaned = super().clean()
        if not any((value or "").strip() for value in cleaned.values()):
            raise forms.ValidationError(_("Write something before you save."))
        return cleaned


class QuizForm(forms.Form):
    """A radio group per question (arrow keys move within a group, Tab between groups)."""

    def __init__(self, *args, quiz: Quiz, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(quiz.questions.all())
        for number, question in enumerate(self.questions, 1):
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=f"{number}. {question.text}",
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer to this question.")},
            )

    def answers(self) -> dict[int, int]:
        return {question.pk: self.cleaned_data[f"q{question.pk}"] for question in self.questions}


class TeamSharingForm(forms.Form):
    shared = forms.BooleanField(
        label=_("Show my course completion to my municipality's administrators"), required=False
    )
