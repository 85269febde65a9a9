from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetenceConfig(AppConfig):
    name = "competence"
    verbose_name = _("Gnist competence")

    def ready(self):
        from competence.demo import seed_course
        from competence.models import Certificate, Lesson
        from competence.personal_data import export_competence
        from gnist.personal_data import register_exporter
        from gnist.sections import PROFILE, register_section
        from gnist.seeding import register_seed_step
        from gnist.storage import delete_files_with_rows
        from gnist.uploads import allow_larger_upload

        register_exporter("competence", export_competence)
        register_seed_step("competence.course", seed_course, after=("accounts.demo_accounts",))
        register_section(PROFILE, "competence/_profile.html")
        delete_files_with_rows(Certificate, "pdf")
        allow_larger_upload(
            view_names=["admin:competence_lesson_add", "admin:competence_lesson_change"],
            field="media_file",
            max_bytes=Lesson.MEDIA_MAX_BYTES,
        )
