"""Views of the municipalities app, one module per model family: public pages, team access, applications."""
