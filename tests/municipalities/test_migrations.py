# ruff: noqa: RUF001 -- Norwegian text uses the en dash between years on purpose.
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("municipalities", "0001_initial")]
AFTER = [("municipalities", "0002_translations")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_translation_migration_keeps_existing_texts_as_bokmal(transactional_db):
    old_apps = migrate(BEFORE)
    Round = old_apps.get_model("municipalities", "Round")
    Phase = old_apps.get_model("municipalities", "Phase")
    round_ = Round.objects.create(
        number=4, title="Gnist 2023–2024", start_year=2023, end_year=2024, theme="Bærekraft", funding=""
    )
    Phase.objects.create(round=round_, order=1, name="Dialogmøter")

    try:
        new_apps = migrate(AFTER)
        Round = new_apps.get_model("municipalities", "Round")
        Phase = new_apps.get_model("municipalities", "Phase")
        assert Round.objects.values_list(
            "title_nb", "title_nn", "title_en", "theme_nb", "funding_nb"
        ).get() == (
            "Gnist 2023–2024",
            None,
            None,
            "Bærekraft",
            "",
        )
        assert Phase.objects.values_list("name_nb", flat=True).get() == "Dialogmøter"
    finally:
        # Back to the newest state for the tests that follow (flushing is left to transactional_db).
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
