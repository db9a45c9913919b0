"""Papers and trial registrations named in text and in link addresses: DOIs, PubMed and PMC IDs, NCT, EudraCT
and ISRCTN numbers.

:func:`find` reads plain text: each identifier as written (``doi:10.1056/NEJMoa1011205``, ``PMID: 21175342`` or
``PubMed ID 21175342``, their labels in any case, ``PMC3025341``, ``NCT00346424`` or ``NCT 00346424``, ``EudraCT
2006-002497-27``, ``ISRCTN12345678``) or as a resolver's address (``https://doi.org/...``,
``pubmed.ncbi.nlm.nih.gov/...``, a PubMed search for one ID, ``clinicaltrials.gov/study/...``), and
:func:`from_address` a link's address. Each gives an :class:`Identifier`, normalised, with its resolver's
address built from the normalised identifier alone, or a :class:`Malformed` look-alike (a DOI with a bad prefix,
an NCT number with the wrong count of digits), which is never linked. Bare numbers and dates are never read as
identifiers: a PubMed ID needs ``PMID``, a DOI its ``10.`` prefix, an EudraCT number its shape and a year from
2004, when the register opened; other addresses written in the text are quoted, not read. Identifiers are ASCII:
digits of other scripts (``NCT٠٠٣٤٦٤٢٤``, fullwidth ``１２３``) make look-alikes, and so does an identifier that an
invisible character or a letter of another script cuts (``PMID 123<zero width space>45`` is not PMID 123). An
old Wiley DOI is read whole with its SICI's item in angle brackets (``10.1002/(SICI)...53:7<803::AID-JCLP1>3.0.CO;2-J``,
its address on doi.org encoding them); one cut within it is a look-alike, not the DOI before the ``<``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

KINDS = ("doi", "pmid", "pmc", "nct", "eudract", "isrctn")
REGISTRATIONS = ("nct", "eudract", "isrctn")  # the kinds that register a trial
NAMES = {"doi": "DOI", "pmid": "PubMed ID", "pmc": "PMC ID", "nct": "ClinicalTrials.gov number",
         "eudract": "EudraCT number", "isrctn": "ISRCTN number"}

# An item of a SICI, which old Wiley DOIs hold (10.1002/(SICI)1097-4679(199711)53:7<803::AID-JCLP1>3.0.CO;2-J):
# between angle brackets, its first page, a colon and its code, and then the SICI's version (3.0.CO;). Nothing else
# written between angle brackets is read as part of a DOI: not HTML, nor an address (<https://...>).
_SICI = r"<[.A-Za-z0-9]*:[-:A-Za-z0-9]*>(?=\d+\.\d+\.[A-Za-z0-9]+;)"
_DOI_SUFFIX = rf"[-._;()/:A-Za-z0-9]+(?:{_SICI}[-._;()/:A-Za-z0-9]+)*"
# The valid forms, whole (Crossref's pattern for DOIs, which fits nearly all of them, and SICIs for the rest; a part
# of a DOI's suffix that is "." or "..", between slashes, would lead its address on doi.org to another DOI, as a
# browser reads the address).
_DOI = re.compile(rf"10\.\d{{4,9}}/(?!(?:.*/)?\.\.?(?:/|$)){_DOI_SUFFIX}", re.ASCII)
_FORMS = {"doi": _DOI, "pmid": re.compile(r"[1-9]\d{0,7}", re.ASCII), "pmc": re.compile(r"PMC[1-9]\d{0,7}", re.ASCII),
          "nct": re.compile(r"NCT\d{8}", re.ASCII), "eudract": re.compile(r"20(?:0[4-9]|[1-9]\d)-\d{6}-\d{2}", re.ASCII),
          "isrctn": re.compile(r"ISRCTN\d{8}", re.ASCII)}
_RULES = {"doi": "a DOI is 10., a registrant code of 4 to 9 digits, '/' and a suffix, no part of it '.' or '..'",
          "pmid": "a PubMed ID is 1 to 8 digits", "pmc": "a PMC ID is PMC and 1 to 8 digits",
          "nct": "an NCT number is NCT and 8 digits", "eudract": "an EudraCT number is YYYY-NNNNNN-CC, from 2004",
          "isrctn": "an ISRCTN number is ISRCTN and 8 digits"}

# What marks an identifier in text; the token after a label is the identifier, or a look-alike if it is not one.
# Printable ASCII but quotes, <, > (but a SICI's item) and `; ends as no sentence does.
_TOKEN = rf"[!#-&(-;=?-_a-~]*(?:{_SICI}[!#-&(-;=?-_a-~]*)*[A-Za-z0-9#$%&()*+\-/=@\\^_|~]"
_ADDRESS = r"[-A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%]+"  # the characters of an address (RFC 3986)
_IN_TEXT = re.compile(
    r"(?P<url>\b(?:https?://|www\.|(?:dx\.)?doi\.org/|pubmed\.ncbi\.nlm\.nih\.gov/|clinicaltrials\.gov/|isrctn\.com/)"
    rf"{_ADDRESS}(?:{_SICI}{_ADDRESS})*)"  # a DOI's SICI as written, not yet encoded
    rf"|\b(?P<doilabel>(?i:doi)\s*:\s*|DOI\s+(?=\d))(?P<doi>{_TOKEN})"
    rf"|(?<![\w./-])(?P<baredoi>10\.\d{{4,9}}/{_DOI_SUFFIX})"
    r"|\b(?i:PMID|PubMed\s+ID)\s*:?\s*(?P<pmid>\d\w*)"
    r"|\b(?P<pmc>PMC\d\w*)"
    r"|\b(?P<nct>NCT[ \u00a0]?\d\w*)"
    r"|\b(?P<isrctn>ISRCTN[ \u00a0]?\d\w*)"
    r"|\bEudraCT(?:\s+(?:number|no\.?|nr\.?))?\s*[:#]?\s*(?P<eudract>\d[\d-]*\d)(?![\w-])"
    r"|(?<![\w-])(?P<bareeudract>20(?:0[4-9]|[12]\d)-\d{6}-\d{2})(?![\w-])")
_URL_END = re.compile(r"[.,;:!?'\"]+$")
# What every match of _IN_TEXT holds (its case as written, but for a DOI's label): a text holding none of them is
# passed over without running _IN_TEXT, whose many branches are tried at every character.
_NEEDLES = ("http", "www.", "doi.org/", "pubmed.", "clinicaltrials.gov/", "isrctn.com/", "10.", "PMID", "PMC", "NCT",
            "ISRCTN", "EudraCT")
_ANY_CASE = ("doi", "doı", "pmid", "pmıd", "pubmed")  # labels read in any case ("ı", dotless, is an i to the pattern)
_BARE_EUDRACT = re.compile(r"\d-\d{6}-\d")
# What a reader takes for the rest of an identifier: a letter or digit of any script right after it, or characters
# that show nothing (zero-width space and joiners, word joiner, soft hyphen, byte-order mark, direction marks and
# controls) and then more of a word.
_HIDDEN_TAIL = re.compile("(?:\\w|[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]+[\\w/-])\\S*")
# What a reader takes for the rest of a DOI too: a SICI's item not read as one (no version after it, or cut).
_SICI_TAIL = re.compile(r"<[.A-Za-z0-9]*:(?!//)\S*", re.ASCII)


@dataclass(frozen=True)
class Identifier:
    """A paper's or a trial's identifier: its ``kind`` (one of :data:`KINDS`) and its normalised ``id``."""

    kind: str
    id: str

    @property
    def url(self) -> str:
        """The resolver's address, built from the normalised identifier, quoted."""
        quoted = quote(self.id, safe="")
        return {"doi": f"https://doi.org/{quote(self.id, safe='/')}",
                "pmid": f"https://pubmed.ncbi.nlm.nih.gov/{quoted}/",
                "pmc": f"https://pmc.ncbi.nlm.nih.gov/articles/{quoted}/",
                "nct": f"https://clinicaltrials.gov/study/{quoted}",
                "eudract": f"https://www.clinicaltrialsregister.eu/ctr-search/search?query={quoted}",
                "isrctn": f"https://www.isrctn.com/{quoted}"}[self.kind]

    @property
    def label(self) -> str:
        """The identifier as readers know it: ``DOI 10.1056/nejmoa1011205``, ``PMID 21175342``, ``NCT00346424``."""
        return {"doi": f"DOI {self.id}", "pmid": f"PMID {self.id}", "eudract": f"EudraCT {self.id}"}.get(self.kind, self.id)

    @property
    def key(self) -> str:
        """A portable slug, one per identifier, for a page's name or an anchor: ``pmid-21175342``, ``nct00346424``,
        ``doi-10-1056-nejmoa1011205-<hash>`` (a DOI's punctuation is lost in a slug, so its hash tells DOIs apart:
        128 bits of it, as anyone can write DOIs that differ only in punctuation until two share a shorter one)."""
        if self.kind != "doi":
            return f"{self.kind}-{self.id.lower().removeprefix(self.kind)}"
        slug = re.sub(r"[^a-z0-9]+", "-", self.id)[:80].strip("-")
        return f"doi-{slug}-{hashlib.sha256(self.id.encode()).hexdigest()[:32]}"


@dataclass(frozen=True)
class Malformed:
    """Text that looks like an identifier of ``kind`` but is not one."""

    kind: str
    text: str

    def __str__(self) -> str:
        article = "an" if self.kind == "isrctn" else "a"  # an "eye-ess-ar-see-tee-en" number, a "you-dra-see-tee" one
        return f"{self.text!r} looks like {article} {NAMES[self.kind]} but is not one: {_RULES[self.kind]}"


Found = tuple[int, int, "Identifier | Malformed"]


def parse(kind: str, value: str) -> Identifier | Malformed:
    """``value`` as an identifier of ``kind``, with or without its label (``doi:``, ``PMID``, ``NCT``...)."""
    text = value.strip()
    core = text
    if kind == "doi":
        core = re.sub(r"^(?:doi\s*:?\s*|https?://(?:dx\.)?doi\.org/)", "", text, flags=re.I)
        return Identifier("doi", core.lower()) if _DOI.fullmatch(core) else Malformed(kind, text)
    if kind == "pmid":
        core = re.sub(r"^PMID\s*:?\s*", "", text, flags=re.I)
    elif kind == "eudract":
        core = re.sub(r"^EudraCT\s*:?\s*", "", text, flags=re.I)
    elif not text.upper().startswith(kind.upper()) and text.isdigit():
        core = kind.upper() + text
    core = core if kind in ("pmid", "eudract") else core.upper()
    return Identifier(kind, core) if _FORMS[kind].fullmatch(core) else Malformed(kind, text)


def parse_any(value: str, kinds: tuple[str, ...] = KINDS) -> Identifier | Malformed | None:
    """``value``, written whole as one identifier of ``kinds`` (as text, its label in any case, or as its
    resolver's address); ``None`` if it is none of them."""
    value = value.strip()
    found = [f for f in find(value) if f[2].kind in kinds]
    if len(found) == 1 and found[0][:2] == (0, len(value)):
        return found[0][2]
    labelled = [kind for kind in kinds if kind != "doi" and value.upper().startswith(kind.upper())]
    return parse(labelled[0], value) if labelled else None


def find(text: str) -> list[Found]:
    """``(start, end, identifier or look-alike)`` for each identifier in ``text``, in order; addresses written in
    the text are read by :func:`from_address` (others are quoted, never read)."""
    found = []
    if not may_cite(text):
        return found
    for start, end, what in _find(text):
        if isinstance(what, Identifier) and ((tail := _HIDDEN_TAIL.match(text, end)) or
                                             what.kind == "doi" and (tail := _SICI_TAIL.match(text, end))):
            start, end, what = start, tail.end(), Malformed(what.kind, text[start:tail.end()])
        found.append((start, end, what))
    return found


def may_cite(text: str) -> bool:
    """Whether ``text`` may hold an identifier (or a look-alike): it holds a word or address every one begins with."""
    lower = text.lower()  # a DOI's label in any case; "ı" (dotless) is an "i" to the label's pattern, not to lower()
    return any(needle in text for needle in _NEEDLES) or any(label in lower for label in _ANY_CASE) or \
        bool(_BARE_EUDRACT.search(text))


def _find(text: str) -> Iterator[Found]:
    for match in _IN_TEXT.finditer(text):
        kind = next(k for k, v in match.groupdict().items() if v is not None and k != "doilabel")
        start, end = match.span()
        if kind == "url":
            url = _URL_END.sub("", match.group())
            url = url[:-1] if url.endswith(")") and url.count("(") < url.count(")") else url
            found = from_address(url if "://" in url else f"https://{url}")
            if found is not None:
                yield start, start + len(url), found
            continue
        value = match.group(kind)
        if kind in ("doi", "baredoi"):
            value = _trim_doi(value)
            end = match.start(kind) + len(value)
            found = parse("doi", value)
            if isinstance(found, Malformed):
                found = Malformed("doi", text[start:end])
            yield start, end, found
            continue
        kind = kind.removeprefix("bare")
        found = parse(kind, value.replace(" ", "").replace("\u00a0", ""))  # "NCT 00346424"
        yield start, end, found if isinstance(found, Identifier) else Malformed(kind, match.group())


def _trim_doi(value: str) -> str:
    """A DOI written in prose, without the punctuation that ends its sentence or closes its brackets."""
    end, unclosed = len(value), value.count(")") - value.count("(")
    while end:
        if value[end - 1] in ".,;:":
            end -= 1
        elif value[end - 1] == ")" and unclosed > 0:
            end, unclosed = end - 1, unclosed - 1
        else:
            break
    return value[:end]


_HOSTS = {"doi.org", "dx.doi.org", "pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov", "pmc.ncbi.nlm.nih.gov",
          "clinicaltrials.gov", "classic.clinicaltrials.gov", "clinicaltrialsregister.eu", "isrctn.com"}
_PATHS = [
    ("pubmed.ncbi.nlm.nih.gov", re.compile(r"/(\d\w*)/?"), "pmid"),
    ("ncbi.nlm.nih.gov", re.compile(r"/pubmed/(\d\w*)/?"), "pmid"),
    ("ncbi.nlm.nih.gov", re.compile(r"/pmc/articles/(PMC\w*)/?", re.I), "pmc"),
    ("pmc.ncbi.nlm.nih.gov", re.compile(r"/articles/(PMC\w*)/?", re.I), "pmc"),
    ("clinicaltrials.gov", re.compile(r"/(?:ct2/)?(?:show|study)/(NCT\w*)/?", re.I), "nct"),
    ("classic.clinicaltrials.gov", re.compile(r"/(?:ct2/)?show/(NCT\w*)/?", re.I), "nct"),
    ("clinicaltrialsregister.eu", re.compile(r"/ctr-search/trial/([\d-]+)(?:/\w+)?/?"), "eudract"),
    ("isrctn.com", re.compile(r"/(ISRCTN\w*)/?", re.I), "isrctn"),
]


def from_address(url: str) -> Identifier | Malformed | None:
    """The identifier a link to its resolver names (or a look-alike: a resolver's address naming none);
    ``None`` for any other address, and for a resolver's search or home page."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or host not in _HOSTS:
        return None
    path = unquote(parts.path)
    if host in ("doi.org", "dx.doi.org"):
        if path.strip("/") == "":
            return None
        found = parse("doi", path.lstrip("/"))
        return found if isinstance(found, Identifier) else Malformed("doi", url)
    for resolver, pattern, kind in _PATHS:
        if host == resolver and (match := pattern.fullmatch(path)):
            found = parse(kind, match.group(1))
            return found if isinstance(found, Identifier) else Malformed(kind, url)
    if host in ("pubmed.ncbi.nlm.nih.gov", "ncbi.nlm.nih.gov") and path in ("/", "/pubmed", "/pubmed/"):
        term = parse_qs(parts.query).get("term", [""])[0].strip()  # a search for one PubMed ID finds that paper
        if _FORMS["pmid"].fullmatch(term):
            return Identifier("pmid", term)
    if host == "clinicaltrialsregister.eu" and parts.path.startswith("/ctr-search/search"):
        query = parse_qs(parts.query).get("query", [""])[0].strip()
        if _FORMS["eudract"].fullmatch(query):
            return Identifier("eudract", query)
    return None
