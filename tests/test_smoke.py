def test_home_page_renders_in_each_language(client, db):
    for prefix, lang in [("", "nb"), ("/nn", "nn"), ("/en", "en")]:
        response = client.get(f"{prefix}/")
        assert response.status_code == 200
        assert f'<html lang="{lang}"' in response.text
