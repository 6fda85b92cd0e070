"""A transparent lexicon of boilerplate wordings, per label, in several languages.

Two uses: the lexicon hits are features of the model (`features.paywall`), and `weak_label` gives a boilerplate block
its type when the training data only says "not content" (gold-text alignment cannot tell a paywall from a menu).
The patterns are data, kept here in one place, so a user can read exactly what the weak labeller does.
"""

from __future__ import annotations

import re

import ahocorasick
import numpy as np

from .hashing import _compiled

try:  # the parser behind re.compile: its tree tells which literals every match of a pattern contains
    from re import _constants as _sre
    from re import _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre  # type: ignore[no-redef]
    import sre_parse as _sre_parse  # type: ignore[no-redef]

_CURRENCY = r"[$€£¥₹₩₽₺₫₱฿]|\b(?:usd|eur|gbp|inr|rs\.?|r\$|a\$|c\$|chf|kr|zł|mxn|ars|brl|jpy|円|元)"
_PERIOD = (
    r"(?:month|mo|year|yr|week|wk|day|quarter|annum|monat|jahr|woche|mois|an|année|semaine|mes|año|semana|mês|ano|"
    r"माह|महीने|साल|वर्ष|月|年|週)"
)

LEXICON: dict[str, list[str]] = {
    "paywall": [
        r"subscribe (now )?to (continue|keep|read|unlock|get)|^subscribe (now|today)\b|subscribe (now )?for (unlimited|full)",
        r"subscribers? only|for subscribers|exclusive(ly)? (to|for) (our )?(subscribers|members)",
        r"(reached|used|hit) (your|the) (limit|maximum)|free (articles?|stories|reads?) (left|remaining|this month)",
        r"\bof \S+ free (articles?|stories)|{{\s*\w+\s*}}|\barticles? remaining",
        r"already (a |an )?(subscriber|member|subscribed|registered|have an account)",
        r"(log|sign) ?in to (continue|read|keep|access|unlock|view)|to continue reading",
        r"(register|create (a )?(free )?account|sign up) (for free )?to (continue|read|keep|unlock|access)",
        r"this (article|story|content) is (for|reserved|available)",
        r"unlock (this|the full|unlimited)|keep reading with|continue reading (with|for)",
        r"premium (article|content|story)|paywall",
        r"abonnent(en|in)?\b|abo (abschließen|testen)|weiterlesen mit|bereits (abonnent|registriert|kunde)|jetzt (freischalten|weiterlesen)",
        r"réservé aux abonnés|déjà abonné|abonnez-vous pour|pour lire la suite|article (réservé|abonné)",
        r"exclusivo para suscriptores|ya (eres|soy) suscriptor|suscríbete para|para seguir leyendo|contenido exclusivo",
        r"exclusivo para assinantes|já é assinante|assine para (continuar|ler)",
        r"सब्सक्राइब|सदस्यता ले|लॉग ?इन करें|पहले से (ही )?सब्सक्राइबर",
        r"有料会員|会員限定|続きを読む|ログインして|購読",
    ],
    "pricing": [
        rf"(?:{_CURRENCY})\s?\d|\d[\d.,]*\s?(?:{_CURRENCY})",
        # 'per month', '/mo', '€9 a month': whole words only ('pro'+'mo' is not 'promo'); a bare 'a' needs an amount
        rf"\b(?:per|par|pro|al|por)\s+{_PERIOD}\b|/\s?{_PERIOD}\b|प्रति\s?{_PERIOD}|\d\S{{0,3}}\s+a\s+{_PERIOD}\b",
        # a plan's term on its own line ('3 Months', '1 Year - $99'), not '5 years ago' in a bio or menu
        r"^\W*\d+\s?(months?|years?|weeks?|days?|monate?|jahre?|mois|ans?|meses|años?|anos?|महीने|साल)\b(?!\s+ago).{0,24}$",
        r"billed (monthly|annually|yearly|quarterly)|renews? automatically|auto-?renew|cancel (at )?any ?time",
        r"free trial|trial (period|offer)|\bsave \d+\s?%|best value|most popular|introductory (offer|price|rate)",
        r"\b(monthly|yearly|annual|quarterly|digital|premium|basic|plus|smart) (plan|pack|subscription|access|offer)\b",
        r"gift (a |this )?(subscription|article)|\bplans?\b.{0,40}\b(start|from)\b|choose (your|a) plan|select (a|your) plan",
        r"jederzeit kündbar|monatlich kündbar|probeabo|sans engagement|résiliable|cancela cuando|sin permanencia",
        r"^(\w+ )?(monthly|quarterly|yearly|annual|weekly|half-yearly)( plan| pass)?$",
        r"incl\.? (mwst|vat|gst)|inkl\.? mwst|ttc\b|\+ ?gst|iva incluido",
    ],
    "disclaimer": [
        r"disclaimer|haftungsausschluss|avertissement|aviso legal|अस्वीकरण|免責",
        r"all rights reserved|alle rechte vorbehalten|tous droits réservés|(todos los )?derechos reservados|"
        r"todos os direitos reservados|सर्वाधिकार सुरक्षित|無断転載|©|\(c\) ?\d{4}|copyright",
        r"(views|opinions) expressed|do(es)? not (necessarily )?reflect|not (investment|financial|medical|legal) advice",
        r"(journalist|staff|editorial team|newsroom) (was|were|is) (not )?involved|auto-?generated|syndicated feed|"
        r"not (been )?edited by",
        r"terms (of (use|service)|and conditions)|privacy (policy|notice|statement)|datenschutz|mentions légales|"
        r"politique de confidentialité|política de privacidad|impressum",
        r"\bcookies?\b.{0,60}\b(use|accept|consent|settings|policy|experience)|we use cookies|consent|"
        r"utilisons des cookies|verwenden cookies|usamos cookies",
        r"consult (a|your) (doctor|physician|financial adviser|advisor)|for informational purposes|"
        r"(sponsored|paid|partner) (content|post|feature)|in partnership with|affiliate (link|commission)",
    ],
    "promo": [
        r"newsletter|in your inbox|sign up for (our|the)|get (our|the) (daily|weekly|morning|evening)",
        r"download (our|the) app|app store|google play|get the app|on the app|in the app",
        r"follow us|join us on|share (on|this|via|article|story)|copy link|\bwhatsapp\b|\btelegram\b|"
        r"facebook|twitter|linkedin|instagram|pinterest|\bx\.com\b",
        r"^advertisement$|^anzeige$|^publicité$|^publicidad$|^ad$|^sponsored$|^werbung$|^विज्ञापन$|^広告$",
        r"ad-?free|unlimited (digital )?access|support (our|independent|quality) journalism|"
        r"your (support|contribution)|donate|e-?paper|exclusive (content|access|benefits)",
        r"podcast|listen to (this|the) (article|story)|watch:|read (it )?in the app",
        r"folgen sie uns|abonnieren sie (unseren|den) newsletter|suivez-nous|síguenos|siga-nos|फॉलो करें",
    ],
    "navigation": [
        r"^(home|news|sport|sports|business|opinion|world|politics|culture|lifestyle|menu|search|more|next|previous|"
        r"back to top|skip to (main )?content|startseite|accueil|inicio|portada)$",
        r"^(read more|related|also read|see also|more from|recommended|trending|most read|popular|latest)\b",
        r"^(lesen sie auch|mehr zum thema|à lire aussi|lire aussi|lee también|leia também|यह भी पढ़ें|関連記事)",
        r"›|»|\s>\s|\s/\s.{0,40}\s/\s|\|.{0,40}\|",
        r"^(tags?|topics?|schlagworte|mots-clés|etiquetas)\s*:|^(page \d+|next page|previous page|load more)",
        r"^(about us|contact( us)?|careers|advertise( with us)?|sitemap|rss|help|faq|imprint)$",
        # the heading of a related-links or most-read box after the article
        r"^(you (may|might) (also )?(like|enjoy|be interested)|more (stories|articles|news|on this)|top stories|"
        r"editor'?s picks|don'?t miss|recommended for you|related (articles|stories|posts|coverage|topics))",
        r"^(das könnte (sie|dich) auch interessieren|(ähnliche|verwandte|weitere) (beiträge|artikel|themen|"
        r"nachrichten|meldungen|news)|meistgelesen|am meisten gelesen|mehr (aus|zum|zu|von|über) |auch interessant|"
        r"weiterführende (informationen|links|artikel)|top-?themen|empfehlungen der redaktion)",
        r"^(sur le même sujet|les plus lus|vous (aimerez|pourriez aimer)|à découvrir|articles (similaires|liés)|"
        r"dans la même rubrique|te puede interesar|(noticias|artículos) relacionad[oa]s|lo más (leído|visto)|"
        r"más noticias|también te puede|veja também|mais lidas|notícias relacionadas|potrebbe interessarti|"
        r"articoli correlati|i più letti|leggi anche)",
    ],
    # comment sections and their forms: not the article (fundus' and trafilatura's gold leave them out)
    "other": [
        r"(leave|post|write|add) a (reply|comment)|\d+ (comments?|replies|responses|kommentare|antworten|"
        r"commentaires|réponses|comentarios|respuestas)\b|comments? (are )?closed|(no|keine) (comments|kommentare)",
        r"your email address will not be published|(e-mail|email)[^.]{0,30}(will not|wird nicht|won'?t) be "
        r"(published|veröffentlicht)|e-mail-adresse wird nicht veröffentlicht|required fields are marked",
        r"kommentar (schreiben|verfassen|abgeben)|kommentare (sind )?geschlossen|zum kommentieren|"
        r"um (den|diesen) (artikel|beitrag|tipp)[^.]{0,40}kommentieren|pingback|trackback|"
        r"laisser un commentaire|deja (un|tu) comentario|deixe (um|seu) comentário|lascia un commento",
        r"^(about the author|über den autor|über die autorin|à propos de l'auteur|sobre el autor|sobre o autor)\b",
        # account dialogs that pages carry hidden (password reset, sign-in to comment)
        r"(forgot|reset|create|choose) (your |a )?(new )?password|passwort (vergessen|zurücksetzen|erstellen|ändern)|"
        r"neues passwort|mot de passe oublié|(olvidaste|restablecer) (tu |la )?contraseña|e-mail-adresse ihres "
        r"benutzerkontos|melden sie sich an, um",
    ],
}

# Class/id tokens that mark a region's type (Dragnet and trafilatura use such token lists against boilerplate).
# Pruned by the hand audit of the weak labels (`training/rule_audit.py`, datasets/rule_audit.jsonl): tokens that mostly
# meant something else on real pages are left out: 'tp' and 'meter' (theme prefixes, CSS-module hashes, analytics),
# 'locked'/'lock' (forum thread states), 'premium' (theme add-ons), 'app' (the app root element), 'banner', 'terms'
# (taxonomy terms), 'notice'. 'subscribe' on a form is almost always a newsletter sign-up, so it marks promo.
CLASS_TOKENS: dict[str, frozenset[str]] = {
    "paywall": frozenset(
        "paywall paygate regwall metered piano tinypass poool pelcro laterpay zephr plenigo subscriber subscribers "
        "gated barrier".split()
    ),
    "pricing": frozenset("pricing price prices plan plans offer offers tier tiers checkout trial".split()),
    "disclaimer": frozenset("disclaimer copyright legal cookie cookies consent gdpr privacy imprint".split()),
    "promo": frozenset(
        "newsletter subscribe signup promo promotion ad ads advert advertisement sponsor sponsored share sharing "
        "social follow donate donation outbrain taboola dfp gpt".split()
    ),
    "navigation": frozenset(
        "nav navbar navigation menu breadcrumb breadcrumbs footer header related recommended sidebar tags tag "
        "pagination pager toc topics trending popular most more skip".split()
    ),
    # comment sections (trafilatura's comment XPaths look for the same names)
    "other": frozenset("comment comments commentlist kommentar kommentare disqus replies respond responses".split()),
}

# Class/id tokens that alone make a block a paywall in the weak labels: wall widgets. 'paywall', 'piano', 'metered',
# 'gated' and 'subscriber(s)' stay features but not weak evidence: the held-out audit found them on gated article
# bodies (Google's paywall markup names the gated part), page wrappers and newsletter forms far more often than on walls.
WALL_TOKENS = frozenset("paygate regwall barrier tinypass poool pelcro laterpay zephr plenigo".split())
TYPING_TOKENS = {**CLASS_TOKENS, "paywall": WALL_TOKENS}

COMPILED: dict[str, re.Pattern[str]] = {
    label: re.compile("|".join(f"(?:{p})" for p in patterns)) for label, patterns in LEXICON.items()
}  # matched against lower-cased text: re.IGNORECASE on Unicode costs twice the time
TYPED_ORDER = ("paywall", "pricing", "disclaimer", "promo", "navigation", "other")
NEAR_ANCESTORS = 3  # the block's element and its two nearest ancestors: their class/id tokens describe the block


LEXICON_CHARS = 200  # boilerplate wordings sit at the start of a block; scanning whole paragraphs costs for nothing


def lexicon_hits(text: str) -> dict[str, bool]:
    """Which labels' wordings the start of the text contains: ``COMPILED[label].search`` on the lower-cased head,
    answered faster (`_LexiconMatcher`)."""
    return _MATCHER.hits(text[:LEXICON_CHARS].lower())


def lexicon_hits_many(texts: list[str]) -> list[tuple[bool, ...]]:
    """``lexicon_hits`` of every text, as tuples in the order of LEXICON's labels (the blocks of one page: each
    distinct head is answered once, the automaton run once)."""
    return _MATCHER.hits_many([text[:LEXICON_CHARS].lower() for text in texts])


def lexicon_hits_array(texts: list[str]) -> np.ndarray:
    """`lexicon_hits_many` as a bool array (a row per text, a column per label of LEXICON)."""
    return _MATCHER.hits_array(texts, LEXICON_CHARS)


# Matching. Searching every block with each label's alternation of dozens of wordings tries every branch at every
# character: the largest single cost of the features. The answer is the same when the search of each top-level
# alternative is skipped for a head that lacks some literal that every match of it must contain. That holds for the
# alternatives anchored at the start (``^...``, which sre tries at one position only) too: filtered so, 62 of them
# are searched a page where trying all of them at the start of every head (178 a page) took 0.11 ms. The literals come from the parsed
# patterns (as RE2 and Hyperscan prefilter), so editing the lexicon needs no list kept by hand, and one pass of an
# Aho-Corasick automaton (pyahocorasick) finds all of them in a head at once.
_DIGIT = re.compile(r"\d")
_DIGIT_MARK = "\\d"  # a requirement met by a digit (``\d``), checked with _DIGIT rather than the automaton
# A word boundary (``\b``) as the literals spell it, a character no wording holds: "\x08rs" is "rs" found where
# ``\b`` holds before it (not in 'years'), "an\x08" is "an" found where it holds after (not in 'and'). The automaton
# finds the literal without the marks; a find counts when the characters beside it give the boundary (`_bounded`), so
# the currency and period wordings are searched in fewer heads. A mark inside a literal is dropped (a weaker
# literal: the same answers).
_BOUNDARY = "\x08"
_WORD_CHARACTER = re.compile(r"\w")
# str.isspace's characters (sre's \\s): the automaton reads each of them as " " (the literals are spelled so too)
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)
_ONE_SPACE = str.maketrans(dict.fromkeys(WHITESPACE, " "))
_REPEATS = tuple(
    getattr(_sre, name) for name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT") if hasattr(_sre, name)
)


def _top_level_alternatives(pattern: str) -> list[str]:
    """The source of each top-level alternative of a pattern (``a|b(c|d)`` -> ``a``, ``b(c|d)``)."""
    parts: list[str] = []
    depth = start = i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a class: '|' and '(' inside are literal; a ']' right after '[' or '[^' is a member
            i += 2 if pattern.startswith("[^", i) else 1
            if pattern.startswith("]", i):
                i += 1
            while pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _requirements(items) -> list[frozenset[str]]:
    """Sets of which every match of a parsed sequence contains a member: a literal substring, or _DIGIT_MARK.
    Elements it does not know add nothing (which only weakens the filter, never changes an answer). Consecutive
    elements that match a few exact strings each (literals, a choice of literals, ``\\s`` as " ", zero-width
    assertions) are followed as the set of strings they spell together: '\\b(?:per|al)\\s+(?:month|an)\\b' requires
    one of 'per ', 'al ' and one of ' month', ' an' (where the literals alone, 'al' and 'an', are in most heads)."""
    out: list[frozenset[str]] = []
    run = {""}  # the strings the match spells from the last unknown element to here
    for op, av in [*items, (None, None)]:
        exact = _exact([(op, av)]) if op is not None else None
        if exact is not None:
            run = _joined(run, exact, out)
            continue
        if op in _REPEATS and av[0] >= 1 and (inner := _exact(av[2])) is not None:  # 'x+': starts and ends in x
            _flush(_joined(run, inner, out), out)
            run = inner
            continue
        _flush(run, out)
        run = {""}
        if op is _sre.SUBPATTERN and not av[1] and not av[2]:  # a group without flags
            required = _one_of(av[3])
        elif op is _sre.BRANCH:
            options = [_one_of(branch) for branch in av[1]]
            required = None if any(o is None for o in options) else frozenset().union(*options)
        elif op in _REPEATS and av[0] >= 1:
            required = _one_of(av[2])
        elif op is _sre.IN:
            required = _class_members(av)
        else:
            required = None
        if required:
            out.append(required)
    return out


_MOST_SPELLED = 64  # at most this many strings followed through a sequence (`_requirements`)


def _joined(run: set[str], exact: set[str], out: list[frozenset[str]]) -> set[str]:
    """The strings of ``run`` followed by those of ``exact``; when they would be too many, ``run`` is a requirement
    of its own and ``exact`` starts anew."""
    if len(run) * len(exact) <= _MOST_SPELLED:
        return {a + b for a in run for b in exact}
    _flush(run, out)
    return set(exact)


def _flush(run: set[str], out: list[frozenset[str]]) -> None:
    """``run`` as a requirement, without the strings that hold another of it ('month' is in ' months'; a string
    holding another with its boundaries meets it)."""
    if all(map(_plain, run)):  # a match may spell nothing there (or a boundary alone): no requirement
        out.append(frozenset(m for m in run if not any(o != m and o in m for o in run)))


def _exact(items) -> set[str] | None:
    """The strings a parsed sequence can match, when it matches a few exact strings only (whitespace spelled " ",
    as the automaton reads every whitespace character); None for any other."""
    spelled = {""}
    for op, av in items:
        if op is _sre.LITERAL:
            options = {chr(av).translate(_ONE_SPACE)}
        elif op is _sre.AT:  # zero width: a word boundary is spelled, to be checked beside the literal
            if av is not _sre.AT_BOUNDARY:
                continue
            options = {_BOUNDARY}
        elif op is _sre.IN and av == [(_sre.CATEGORY, _sre.CATEGORY_SPACE)]:
            options = {" "}
        elif op is _sre.IN and all(o is _sre.LITERAL for o, _ in av) and not (av and av[0][0] is _sre.NEGATE):
            options = {chr(c).translate(_ONE_SPACE) for _, c in av}
        elif op is _sre.SUBPATTERN and not av[1] and not av[2]:
            options = _exact(av[3])
        elif op is _sre.BRANCH:
            branches = [_exact(branch) for branch in av[1]]
            options = None if any(b is None for b in branches) else set().union(*branches)
        elif op in _REPEATS and av[0] == 0 and av[1] == 1:  # 'x?'
            inner = _exact(av[2])
            options = None if inner is None else inner | {""}
        elif op in _REPEATS and av[0] == av[1] == 1:
            options = _exact(av[2])
        else:
            options = None
        if options is None or len(spelled) * len(options) > _MOST_SPELLED:
            return None
        spelled = {a + b for a in spelled for b in options}
    return spelled


def _class_members(av) -> frozenset[str] | None:
    """A character class of plain characters, or ``\\d`` alone."""
    if av == [(_sre.CATEGORY, _sre.CATEGORY_DIGIT)]:
        return frozenset((_DIGIT_MARK,))
    if all(op is _sre.LITERAL for op, _ in av):
        return frozenset(chr(c) for _, c in av)
    return None


def _one_of(items) -> frozenset[str] | None:
    """The most selective single requirement of a sequence (longest shortest member, then fewest members)."""
    required = _requirements(items)
    return max(required, key=lambda s: (min(map(len, s)), -len(s))) if required else None


def _selective(required: list[frozenset[str]]) -> tuple[frozenset[str], ...]:
    """Requirements without those that almost every head meets (a member that is one ASCII letter or space: 'a',
    ' ', ' a '), unless no other is left: fewer automaton hits for the same answers. Short words ('per', 'an', 'usd')
    are kept: a price's currency and a period's unit spare most searches of the pricing wordings that a digit alone
    admitted (181 searches a page -> 87; the lexicon 0.49 -> 0.40 ms a page compiled, 0.54 -> 0.45 pure)."""
    kept = [s for s in required if not any(len(_plain(m).strip()) <= 1 and _ascii_words(_plain(m)) for m in s)]
    return tuple(kept or required)


def _plain(literal: str) -> str:
    """A literal without its boundary marks: what the automaton finds."""
    return literal.replace(_BOUNDARY, "")


def _bounds(literal: str) -> tuple[bool, bool]:
    """Does ``\\b`` hold before the literal, after it (its first and last marks; the others are dropped)?"""
    return literal.startswith(_BOUNDARY), literal.endswith(_BOUNDARY)


def _bounded(text: str, end: int, plain: str, before: bool, after: bool) -> bool:
    """Does ``\\b`` hold where the literal's marks say, for ``plain`` found in ``text`` ending at ``end``
    (inclusive)? It holds between a word character (sre's ``\\w``) and another character, or the text's edge."""
    if before:
        start = end - len(plain) + 1
        if (start > 0 and _WORD_CHARACTER.match(text, start - 1) is not None) == bool(_WORD_CHARACTER.match(plain)):
            return False
    if after:
        if (end + 1 < len(text) and _WORD_CHARACTER.match(text, end + 1) is not None) == bool(
            _WORD_CHARACTER.match(plain[-1])
        ):
            return False
    return True


def _ascii_words(text: str) -> bool:
    return text.isascii() and all(c.isalpha() or c.isspace() for c in text)


class _LexiconMatcher:
    """``{label: bool(COMPILED[label].search(head))}``, with the same answers. A label's wordings match when one of
    its top-level alternatives does: each is searched alone, and only when the head holds a member of every set of
    literals that its matches contain. The automaton maps each literal to the alternatives it admits."""

    def __init__(self, lexicon: dict[str, list[str]]) -> None:
        self.labels = tuple(lexicon)
        self.alternatives: dict[tuple[str, int], re.Pattern[str]] = {}  # (label, number): a top-level alternative
        self.requirements: dict[tuple[str, int], tuple[frozenset[str], ...]] = {}
        self.always: set[tuple[str, int]] = set()  # alternatives that require no literal: always searched
        by_literal: dict[str, set[tuple[str, int]]] = {}
        for label, patterns in lexicon.items():
            for source in (alt for pattern in patterns for alt in _top_level_alternatives(pattern)):
                parsed = _sre_parse.parse(source)
                key = (label, len(self.alternatives))
                self.alternatives[key] = re.compile(source)
                required = _selective(_requirements(list(parsed))) if not parsed.state.flags & re.IGNORECASE else ()
                if not required:
                    self.always.add(key)
                self.requirements[key] = required
                for literal in (m for s in required for m in s):
                    by_literal.setdefault(literal, set()).add(key)
        # an alternative whose only requirement is a literal is admitted by that literal at once; the others are
        # checked against everything found in the head
        self.digit = self._split(by_literal.pop(_DIGIT_MARK, ()))
        self.digit_admits = bool(self.digit[0] or self.digit[1])
        self.automaton = ahocorasick.Automaton()
        literals = [*by_literal, _DIGIT_MARK]  # numbered: the automaton's values carry the number
        finds: dict[str, list[tuple]] = {}  # the literals of each string the automaton finds
        for number, (literal, keys) in enumerate(by_literal.items()):
            finds.setdefault(_plain(literal), []).append((literal, *_bounds(literal), *self._split(keys), number))
        for plain, entries in finds.items():
            self.automaton.add_word(plain, (plain, tuple(entries)))
        self.automaton.make_automaton()
        self._tables(literals)

    def _tables(self, literals: list[str]) -> None:
        """Arrays for `hits_many`: the requirement sets (numbered) that each literal meets, the alternative of each
        set, and how many sets each alternative has (none: always searched)."""
        self.keys = list(self.alternatives)
        self.key_label = [self.labels.index(label) for label, _ in self.keys]
        self.patterns = [self.alternatives[key] for key in self.keys]
        number = {literal: n for n, literal in enumerate(literals)}
        sets_of: list[list[int]] = [[] for _ in literals]
        set_key: list[int] = []
        for k, key in enumerate(self.keys):
            for required in self.requirements[key]:
                for literal in required:
                    sets_of[number[literal]].append(len(set_key))
                set_key.append(k)
        self.n_literals = len(literals)
        self.digit_number = number[_DIGIT_MARK]
        self.literal_sets_start = np.cumsum([0, *map(len, sets_of)]).astype(np.int64)
        self.literal_set_counts = np.diff(self.literal_sets_start)
        self.literal_sets = np.array([s for sets in sets_of for s in sets], dtype=np.int64)
        self.set_key = np.array(set_key, dtype=np.int64)
        self.key_sets = np.array([len(self.requirements[key]) for key in self.keys], dtype=np.int64)
        self.scanner = None  # the compiled loop of `hits_many`, when it is built
        if _compiled is not None:
            self.scanner = _compiled.LexiconScanner(
                [_plain(literal) for literal in literals[:-1]], [_bounds(literal) for literal in literals[:-1]],
                self.digit_number if self.digit_admits else -1, self.literal_sets_start,
                self.literal_sets, self.set_key, self.key_sets, np.array(self.key_label, dtype=np.int64),
                self.patterns, len(self.labels), WHITESPACE,
            )  # fmt: skip

    def _split(self, keys) -> tuple[frozenset[tuple[str, int]], tuple[tuple[str, int], ...]]:
        """The alternatives that ``keys`` admit alone, and those to check further."""
        single = frozenset(key for key in keys if len(self.requirements[key]) == 1)
        return single, tuple(key for key in keys if len(self.requirements[key]) > 1)

    def hits(self, head: str) -> dict[str, bool]:
        out = dict.fromkeys(self.labels, False)
        found: set[str] = set()
        admitted = set(self.always)
        to_check: set[tuple[str, int]] = set()
        text = head.translate(_ONE_SPACE)
        for end, (plain, entries) in self.automaton.iter(text):
            for literal, before, after, single, multiple, _ in entries:
                if _bounded(text, end, plain, before, after):
                    found.add(literal)
                    admitted.update(single)
                    to_check.update(multiple)
        if self.digit_admits and _DIGIT.search(head):
            found.add(_DIGIT_MARK)
            admitted.update(self.digit[0])
            to_check.update(self.digit[1])
        for key in to_check:
            if key not in admitted and all(not s.isdisjoint(found) for s in self.requirements[key]):
                admitted.add(key)
        for key in admitted:
            if not out[key[0]] and self.alternatives[key].search(head):
                out[key[0]] = True
        return out

    def hits_many(self, heads: list[str]) -> list[tuple[bool, ...]]:
        """``hits`` of every head, as tuples in the order of ``labels``, the heads of a page at once: by the compiled
        loop when it is built (`boilerfree._features.LexiconScanner`: its own automaton, the admission and the
        searches, head by head), else by `_hits_many_of_arrays`, its specification."""
        if self.scanner is not None:
            return self.scanner.hits(heads)
        return self._hits_many_of_arrays(heads)

    def hits_array(self, texts: list[str], limit: int) -> np.ndarray:
        """``hits_many`` of the lower-cased heads of the texts (their first ``limit`` characters) as a bool array, a
        row per text and a column per label: by the compiled loop when it is built (`LexiconScanner.hits_array`),
        else by `hits_array_of_tuples`, its specification."""
        if self.scanner is not None:
            return self.scanner.hits_array(texts, limit)
        return self.hits_array_of_tuples(texts, limit)

    def hits_array_of_tuples(self, texts: list[str], limit: int) -> np.ndarray:
        """`hits_array` made of `hits_many`'s tuples."""
        hits = self.hits_many([text[:limit].lower() for text in texts])
        return np.array(hits, dtype=bool).reshape(len(texts), len(self.labels))

    def _hits_many_of_arrays(self, heads: list[str]) -> list[tuple[bool, ...]]:
        """``hits`` of every head: each distinct head answered once, the automaton run once over all of them joined
        by "\\n" (no literal holds one; heads that do are answered alone), and the alternatives to search found by
        array operations: an alternative is searched in a head when each of its requirement sets has a member
        there."""
        distinct = list(dict.fromkeys(heads))
        joined = "\n".join(distinct)
        if len(distinct) < _FEW_HEADS or joined.count("\n") != len(distinct) - 1:
            answers = {head: tuple(self.hits(head).values()) for head in distinct}
            return [answers[head] for head in heads]
        admitted = self._admitted_many(distinct, automaton_text(distinct))
        rows = [[False] * len(self.labels) for _ in distinct]
        patterns, key_label = self.patterns, self.key_label
        for at, k in admitted:
            row = rows[at]
            label = key_label[k]
            if not row[label] and patterns[k].search(distinct[at]):
                row[label] = True
        answers = dict(zip(distinct, map(tuple, rows)))
        return [answers[head] for head in heads]

    def _admitted_many(self, distinct: list[str], text: str) -> list[tuple[int, int]]:
        """(head, alternative) pairs to search in the distinct heads (``text``: their `automaton_text`): by the
        compiled scanner when it is built, else by `_admitted_many_of_arrays`, its specification."""
        if self.scanner is not None:
            return self.scanner.admitted(distinct)
        return self._admitted_many_of_arrays(distinct, self._finds(text))

    def _finds(self, text: str) -> list[tuple[int, int]]:
        """The (end, literal number) of every literal the automaton finds in ``text`` where its boundaries hold."""
        return [
            (end, number)
            for end, (plain, entries) in self.automaton.iter(text)
            for _, before, after, _, _, number in entries
            if _bounded(text, end, plain, before, after)
        ]

    def _admitted_many_of_arrays(self, distinct: list[str], found: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """(head, alternative) pairs to search, in order: every set of every literal found in a head (``found``:
        the automaton's (end, literal number) over their `automaton_text`), and the alternatives all of whose
        sets are met."""
        ends = np.cumsum([len(head) + 1 for head in distinct])  # one past each head's line break
        n_literals = self.n_literals
        if found:
            hit = np.array(found, dtype=np.int64)
            pairs = np.searchsorted(ends, hit[:, 0], side="right") * n_literals + hit[:, 1]
        else:
            pairs = np.zeros(0, dtype=np.int64)
        if self.digit_admits:
            digits = [n for n, head in enumerate(distinct) if _DIGIT.search(head)]
            pairs = np.concatenate([pairs, np.array(digits, dtype=np.int64) * n_literals + self.digit_number])
        at, literal = np.divmod(np.unique(pairs), n_literals)
        counts = self.literal_set_counts[literal]
        firsts = np.repeat(self.literal_sets_start[literal] - (np.cumsum(counts) - counts), counts)
        sets = self.literal_sets[firsts + np.arange(counts.sum())]
        n_sets = len(self.set_key)
        at, sets = np.divmod(np.unique(np.repeat(at, counts) * n_sets + sets), n_sets)
        n_keys = len(self.keys)
        met, times = np.unique(at * n_keys + self.set_key[sets], return_counts=True)
        met = met[times == self.key_sets[met % n_keys]]
        always = np.flatnonzero(self.key_sets == 0)
        if always.size:
            every = (np.arange(len(distinct))[:, None] * n_keys + always[None, :]).ravel()
            met = np.union1d(met, every)
        return list(zip(*(x.tolist() for x in np.divmod(met, n_keys)))) if met.size else []


def automaton_text(heads: list[str]) -> str:
    """What the automaton reads of heads without a "\\n": them joined by "\\n", each whitespace character of theirs
    a space (as the literals are spelled)."""
    return "\n".join(head.translate(_ONE_SPACE) for head in heads)


_FEW_HEADS = 24  # below this many distinct heads, answering each alone costs less than the array operations
_MATCHER = _LexiconMatcher(LEXICON)


def weak_label(text: str, near_tokens: set[str], far_tokens: set[str], link_density: float, in_navigation: bool) -> str:
    """The boilerplate type of a block known not to be content.

    Evidence in the order the hand audit found it reliable: a row of links (menus and footer link rows are navigation
    even when they name the privacy page, a newsletter or a premium section); a paywall or price wording; the other
    wordings (in short blocks, or a disclaimer at any length: a long comment that mentions 'Facebook' is not a
    promo); the class/id tokens of the block and its two nearest ancestors; navigation structure; and only then the
    tokens of farther ancestors, which often belong to a page-wide wrapper.
    """
    words = len(text.split())
    hits = lexicon_hits(text)
    link_row = (words <= 8 and link_density >= 0.5) or (words <= 40 and link_density >= 0.7)
    if link_row:  # menu entries and footer link rows, even when they name the privacy page or a newsletter
        if hits["paywall"] and not in_navigation:
            return "paywall"  # 'Subscribe to continue' buttons of a wall
        if hits["pricing"] and not in_navigation:
            return "pricing"  # 'Subscribe for $4/month' buttons of a plan card
        if near_tokens & CLASS_TOKENS["promo"] and not in_navigation:
            return "promo"  # share bars and follow links
        return "navigation"
    if hits["paywall"]:
        return "paywall"
    if hits["pricing"] and words <= 40:
        return "pricing"
    for label in TYPED_ORDER[1:]:
        if hits[label] and (words <= 40 or label == "disclaimer"):
            return label
    for label in TYPED_ORDER:
        if near_tokens & TYPING_TOKENS[label]:
            return label
    if in_navigation or link_density >= 0.5:
        return "navigation"
    for label in TYPED_ORDER:
        if far_tokens & TYPING_TOKENS[label]:
            return label
    return "other"
