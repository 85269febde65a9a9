"""The per-language field helpers every app uses for modeltranslation's `<field>_<language>` columns."""

from django.utils import translation

from gnist.languages import in_active_language, localized, localized_fields, localized_values, texts


def test_localized_gives_one_field_per_language_and_leaves_a_missing_language_empty():
    assert localized(title=texts("Bolig", "Bustad", "Housing"), theme={"nb": "Demografi"}) == {
        "title_nb": "Bolig",
        "title_nn": "Bustad",
        "title_en": "Housing",
        "theme_nb": "Demografi",
        "theme_nn": "",
        "theme_en": "",
    }


def test_localized_fields_and_values_name_and_read_the_same_columns():
    class Row:
        name_nb, name_nn, name_en = "Bolig", "Bustad", "Housing"

    assert localized_fields("name") == ["name_nb", "name_nn", "name_en"]
    assert localized_values(Row(), "name") == localized(name=texts("Bolig", "Bustad", "Housing"))


def test_in_active_language_falls_back_to_bokmal():
    with translation.override("en"):
        assert in_active_language(texts("Bolig", "Bustad", "Housing")) == "Housing"
        assert in_active_language({"nb": "Bolig"}) == "Bolig"
        assert in_active_language("Bolig") == "Bolig"
