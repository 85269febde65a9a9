"""The UN's 17 sustainable development goals (facts, names in bokmål, nynorsk and English), and on PostgreSQL a
generated, weighted full-text column (norwegian configuration) with a GIN index for the catalogue's search."""

from django.db import migrations

GOALS = [
    (1, "Utrydde fattigdom", "Utrydde fattigdom", "No poverty"),
    (2, "Utrydde sult", "Utrydde svolt", "Zero hunger"),
    (3, "God helse og livskvalitet", "God helse og livskvalitet", "Good health and well-being"),
    (4, "God utdanning", "God utdanning", "Quality education"),
    (5, "Likestilling mellom kjønnene", "Likestilling mellom kjønna", "Gender equality"),
    (6, "Rent vann og gode sanitærforhold", "Reint vatn og gode sanitærforhold", "Clean water and sanitation"),
    (7, "Ren energi til alle", "Rein energi til alle", "Affordable and clean energy"),
    (8, "Anstendig arbeid og økonomisk vekst", "Anstendig arbeid og økonomisk vekst", "Decent work and economic growth"),
    (9, "Innovasjon og infrastruktur", "Innovasjon og infrastruktur", "Industry, innovation and infrastructure"),
    (10, "Mindre ulikhet", "Mindre ulikskap", "Reduced inequalities"),
    (11, "Bærekraftige byer og lokalsamfunn", "Berekraftige byar og lokalsamfunn", "Sustainable cities and communities"),
    (12, "Ansvarlig forbruk og produksjon", "Ansvarleg forbruk og produksjon", "Responsible consumption and production"),
    (13, "Stoppe klimaendringene", "Stoppe klimaendringane", "Climate action"),
    (14, "Livet i havet", "Livet i havet", "Life below water"),
    (15, "Livet på land", "Livet på land", "Life on land"),
    (16, "Fred, rettferdighet og velfungerende institusjoner", "Fred, rettferd og velfungerande institusjonar", "Peace, justice and strong institutions"),
    (17, "Samarbeid for å nå målene", "Samarbeid for å nå måla", "Partnerships for the goals"),
]

SECTIONS = [
    "background",
    "needs",
    "target_groups",
    "anchoring_political",
    "anchoring_administrative",
    "anchoring_county",
    "partners",
    "sustainability_social",
    "sustainability_economic",
    "sustainability_environmental",
    "transfer_value",
]


def load_goals(apps, schema_editor):
    Goal = apps.get_model("challenges", "SustainableDevelopmentGoal")
    for number, nb, nn, en in GOALS:
        Goal.objects.update_or_create(
            number=number, defaults={"name": nb, "name_nb": nb, "name_nn": nn, "name_en": en}
        )


def add_search_column(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite searches with a simpler fallback (challenges/search.py)
    body = " || ' ' || ".join(f"coalesce({name}, '')" for name in SECTIONS)
    schema_editor.execute(
        "ALTER TABLE challenges_challenge ADD COLUMN search tsvector GENERATED ALWAYS AS ("
        "setweight(to_tsvector('norwegian', coalesce(title, '')), 'A') || "
        "setweight(to_tsvector('norwegian', coalesce(summary, '')), 'B') || "
        f"setweight(to_tsvector('norwegian', {body}), 'C')) STORED"
    )
    schema_editor.execute("CREATE INDEX challenge_search ON challenges_challenge USING GIN (search)")


def drop_search_column(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE challenges_challenge DROP COLUMN IF EXISTS search")


class Migration(migrations.Migration):
    dependencies = [("challenges", "0001_initial")]

    operations = [
        migrations.RunPython(load_goals, migrations.RunPython.noop),
        migrations.RunPython(add_search_column, drop_search_column),
    ]
