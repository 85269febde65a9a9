"""Text similarity shared by the apps that suggest related things (follow municipalities, similar challenges).

On PostgreSQL with the 'norwegian' full-text configuration, candidates are ranked with `ts_rank` against an
OR query of the text's words (stemmed, stop words removed); elsewhere (SQLite) by the share of normalised
words two texts have in common. Either way, `words` gives the shared words the explanation names.
"""

import re
from dataclasses import dataclass, field
from functools import cache

from django.db import connection

# Words that say nothing about what a text is about, so two texts sharing them are no more alike. Bokmål and
# nynorsk (the texts are written in both), with the forms that occur, grouped by kind; a few English ones.
_STOP_TEXT = """
    og i jeg eg det at en ein et eit den til er som på de dei med han av ikke ikkje der så var meg seg men
    ett har om vi me min mitt mi mine ha hadde hun ho nå no over da då ved fra frå du ut sin dem oss opp
    man kan hans hvor kor eller hva kva skal selv sjølv sjøl her alle vil bli ble blei blitt vorte kunne
    inn når være vere kom noen nokon noe noko nokre ville dere dykk deres dykkar kun ja etter ned skulle
    denne for deg si sine sitt mot å meget hvorfor kvifor dette disse desse uten utan hvordan korleis
    ingen inga ingenting din ditt blir samme same hvilken hvilke kva slags sånn inni mellom vår vårt våre
    hver kvar hvem kven vors hvis viss både bare berre enn fordi før mange også òg slik vært båe begge
    siden sidan henne hennar hennes kva kvar vore gjennom får få fikk fått mer meir mest flere fleire
    nye ny nytt best bedre kommune kommunen kommunar kommuner kommunane kommunene

    seg sjølve selve egen eget egne eigen eige eigne annen annet andre anna annan annleis annerledes
    hele heile heilt helt alt all alle enhver kvar einaste slike slikt sånne sånt deira deres
    hverandre kvarandre

    ikke ikkje ingen aldri alltid ofte sjelden stadig gjerne igjen sammen saman også likevel derfor difor
    dermed heller enda ennå endå fortsatt framleis fremdeles allerede allereie altså dessuten dessutan
    kanskje nok vel jo visst ganske svært veldig mye mykje lite litt meir mindre minst flest færre nesten
    omtrent rundt cirka særlig særleg spesielt enkelte enkelt bort borte fram frem inne ute oppe
    nede hjemme heime dit hit her der hvor kor når da då nå no snart sist først tidligere tidlegare
    senere seinare lenge lengre lenger kun bare berre nettopp akkurat

    imot blant hos langs innen innenfor innanfor utenfor utanfor under over etter mellom gjennom per via
    samt enten verken hverken dersom om fordi enn selv sjølv mens medan slik sånn som hvis viss

    gir gi gav ga gitt gje gjev gjeve kommer komme kom kommet kjem kome gjør gjøre gjorde gjort gjer
    gjere bruke bruker brukes brukte brukt bruka brukar ta tar tas tok tatt tek teke gå går gikk gått
    gjekk ser se sett sjå såg finne finner finnes fant funnet finn finst fann funne sette setter satte
    satt set stå står stod sto stått ligge ligger lå ligg legge legger la lagt holde holder holdt halde
    held heldt lage lager laget laga lagd kunne kan må måtte bør burde skal skulle vil
    ville får fikk fått være er var vært vere verte vart blir ble blitt blei vorte ha har hadde hatt
    si sier sa sagt seie seier sei trenge trenger trengs trengte treng passe passer passet gjelder gjelde
    gjeld handler handlar dreier dreiar finnes fins
    skape skaper skapt skapa utvikle utvikler utviklet utvikla

    måte måten måter måtar del deler delar ting tingen saken sak stor store stort liten lite lita små
    god godt gode bra viktig viktige mulig mogleg mulige moglege

    the a an of and to in for on how with our we is are be it this that can will
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())
WORD = re.compile(r"\w+", re.UNICODE)


def words(text: str) -> set[str]:
    """Lower-case words of three or more letters, without stop words or digits."""
    return {
        word
        for word in WORD.findall(text.casefold())
        if len(word) >= 3 and word not in STOP_WORDS and not word.isdigit()
    }


def word_overlap(mine: set[str], theirs: set[str]) -> float:
    """The share of two texts' words they have in common (0 to 1): the fallback without full-text search."""
    union = mine | theirs
    return len(mine & theirs) / len(union) if union else 0.0


@cache
def has_norwegian_search() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_ts_config WHERE cfgname = 'norwegian'")
        return cursor.fetchone() is not None


def full_text_ranks(queryset, vector, terms: set[str]) -> dict[int, float]:
    """`ts_rank` of each row's `vector` (an expression) against an OR query of `terms` (Norwegian), scaled to
    0 to 0.99 so that text breaks ties between equal theme counts without outweighing a shared theme.

    One query; PostgreSQL with the 'norwegian' configuration only (see `has_norwegian_search`).
    """
    from django.contrib.postgres.search import SearchQuery, SearchRank

    if not terms:
        return {}
    query = SearchQuery(" | ".join(sorted(terms)), config="norwegian", search_type="raw")
    rows = queryset.annotate(rank=SearchRank(vector, query)).values_list("pk", "rank")
    # ts_rank is small (about 0.01 to 0.1).
    return {pk: min(float(rank) * 5, 0.99) for pk, rank in rows}


@dataclass(kw_only=True)
class ExplainedMatch:
    """A candidate that overlaps another thing: what they share, how similar, and why, in words.

    Subclasses add the candidate itself as a field and word the two halves of the explanation.
    """

    shared_themes: list[str] = field(default_factory=list)
    shared_words: list[str] = field(default_factory=list)
    similarity: float = 0.0

    @property
    def score(self) -> float:
        """One point per shared theme plus the text similarity (under 1, so it only breaks ties)."""
        return len(self.shared_themes) + self.similarity

    def themes_text(self) -> str:
        raise NotImplementedError

    def words_text(self) -> str:
        raise NotImplementedError

    @property
    def explanation(self) -> str:
        """The shared themes, then the shared words, as "; "-separated phrases; empty if nothing is shared."""
        parts = []
        if self.shared_themes:
            parts.append(self.themes_text())
        if self.shared_words:
            parts.append(self.words_text())
        return "; ".join(parts)
