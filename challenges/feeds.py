"""Atom feeds of newly published challenges: all of them, per theme and per county."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from challenges.exports import LICENCE
from challenges.filters import county_key, in_county
from challenges.models import Challenge
from municipalities.models import County, Participant, Theme

ITEMS = 30


class ChallengeAtomFeed(Atom1Feed):
    """Each entry in its challenge's language (xml:lang): its title and summary are the municipality's, while
    the feed's own texts are in the reader's."""

    def item_attributes(self, item) -> dict:
        return {**super().item_attributes(item), "xml:lang": item["language"]}


class NewChallengesFeed(Feed):
    feed_type = ChallengeAtomFeed
    feed_copyright = f"{LICENCE['name']} ({LICENCE['url']})"

    def title(self, obj) -> str:
        return _("New challenges in Gnist")

    def subtitle(self, obj) -> str:
        return _("Challenges published by Gnist municipalities, newest first.")

    def link(self, obj) -> str:
        return reverse("challenges:catalogue")

    def narrowed(self, queryset, obj):
        return queryset

    def items(self, obj):
        challenges = Challenge.objects.published().select_related("participant__round")
        return (
            self.narrowed(challenges, obj).prefetch_related("themes").order_by("-published_at", "-pk")[:ITEMS]
        )

    def item_title(self, item: Challenge) -> str:
        return item.title

    def item_description(self, item: Challenge) -> str:
        return item.summary

    def item_pubdate(self, item: Challenge):
        return item.published_at

    def item_updateddate(self, item: Challenge):
        return item.updated_at

    def item_extra_kwargs(self, item: Challenge) -> dict:
        return {"language": item.language}

    def item_categories(self, item: Challenge) -> list[str]:
        return [theme.name for theme in item.themes.all()]


class ThemeFeed(NewChallengesFeed):
    def get_object(self, request, slug: str) -> Theme:
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj: Theme) -> str:
        return _("New challenges in Gnist about %(theme)s") % {"theme": obj.name}

    def link(self, obj: Theme) -> str:
        return f"{reverse('challenges:catalogue')}?{urlencode({'theme': obj.slug})}"

    def narrowed(self, queryset, obj: Theme):
        return queryset.filter(pk__in=Challenge.objects.filter(themes=obj).values("pk"))


class CountyFeed(NewChallengesFeed):
    def get_object(self, request, key: str) -> str:
        """The county's name: any county, then or now or as published for a participant, with this slug."""
        counties = County.objects.order_by().values_list("name", flat=True).distinct()
        as_published = (
            Participant.objects.exclude(county_as_published="")
            .order_by()
            .values_list("county_as_published", flat=True)
            .distinct()
        )
        for names in (counties, as_published):  # the second query only for a name no county has
            for name in names:
                if county_key(name) == key:
                    return name
        raise Http404("No such county.")

    def title(self, obj: str) -> str:
        return _("New challenges in Gnist in %(county)s") % {"county": obj}

    def link(self, obj: str) -> str:
        return f"{reverse('challenges:catalogue')}?{urlencode({'county': county_key(obj)})}"

    def narrowed(self, queryset, obj: str):
        return queryset.filter(pk__in=in_county(obj).values("pk"))
