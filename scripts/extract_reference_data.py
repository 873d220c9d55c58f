#!/usr/bin/env python3
"""Extract the reference data the scorecard ships with from DfE published files.

Reads the DfE published statistics (children's social care outcomes and
enablers data, see data/reference/README.md for the repository and commit) and
writes three compact CSV files into data/reference/:

  population.csv              la_code,mid_year,population      (ages 0-17)
  comparators.csv             measure,release,year,la_code,value
  statistical_neighbours.csv  la_code,neighbours               (space separated)
  published_rates.csv         measure,year,la_code,count,population,published_rate_per_10k
                              (for tests that check the rate arithmetic)

Councils are identified by their 3-digit old LA code (the CIN census <LEA>).
England is "E92000001" in population.csv and "england" in comparators.csv.
Comparators hold only the latest published year of each measure; values the
DfE suppressed or did not collect (c, x, z, u, low, ...) are left out, so a
council without a published value simply has no row.

Usage: scripts/extract_reference_data.py [--source DIR] [--out DIR]
Standard library only; the output is deterministic (sorted), so re-running it
on the same inputs changes nothing.
"""

import argparse
import csv
import os
import sys

ENGLAND_POPULATION_CODE = "E92000001"
ENGLAND_COMPARATOR_CODE = "england"

POPULATION_FILE = "ons_mid-year_population_estimates_2012_to_2024.csv"
NEIGHBOURS_FILE = "New_Statistical_Neighbour_Groupings_April_2021.csv"

# (measure name, file, release label, column, row filter). The measure name is
# what data/catalogue.yaml's `comparator:` keys refer to; the engine's list of
# known measures (services/engine/reference_data.cc) must match this one.
MEASURES = [
    ("referral_count", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
     "DfE children in need (c1 referrals and re-referrals)", "referral_count", None),
    ("rereferral_percent", "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
     "DfE children in need (c1 referrals and re-referrals)", "rereferral_percent", None),
    ("no_further_action_percent",
     "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
     "DfE children in need (c1 referrals and re-referrals)", "no_further_action_percent", None),
    ("At31_episodes", "b1_children_in_need_2013_to_2025.csv",
     "DfE children in need (b1)", "At31_episodes", None),
    ("CPP_At31", "d5_cpps_at31march_by_duration_2013_to_2025.csv",
     "DfE children in need (d5 CP plans at 31 March by duration)", "CPP_At31", None),
    ("2_years_or_more_percent", "d5_cpps_at31march_by_duration_2013_to_2025.csv",
     "DfE children in need (d5 CP plans at 31 March by duration)", "2_years_or_more_percent",
     None),
    ("CPP_subsequent_percent", "d3_cpps_subsequent_plan_2013_to_2025.csv",
     "DfE children in need (d3 second or subsequent CP plans)", "CPP_subsequent_percent", None),
    ("cla_at31_count", "cla_number_and_rate_per_10k_children.csv",
     "DfE children looked after (number and rate)", "children_count",
     {"population_type": "Children looked after on 31 March each year"}),
    ("cla_at31_rate_per_10k", "cla_number_and_rate_per_10k_children.csv",
     "DfE children looked after (number and rate)", "rate_per_10000",
     {"population_type": "Children looked after on 31 March each year"}),
    ("cla_long_term_stability_percent", "la_cla_placement_stability.csv",
     "DfE children looked after (placement stability)", "children_percent",
     {"cla_group": "Children looked after continuously for at least 2.5 years on 31 March "
                   "aged under 16 years",
      "placement_stability": "Living with the same carer for at least 2 years"}),
    ("cla_3plus_placements_percent", "la_cla_placement_stability.csv",
     "DfE children looked after (placement stability)", "children_percent",
     {"cla_group": "CLA on 31 March",
      "placement_stability": "With 3 or more placements during the year"}),
    ("agency_rate_fte", "csww_indicators_2017_to_2025.csv",
     "DfE children's social work workforce", "agency_rate_fte", None),
    ("caseload_fte", "csww_indicators_2017_to_2025.csv",
     "DfE children's social work workforce", "caseload_fte", None),
]


def read_rows(path):
    # Some files start with a UTF-8 byte order mark.
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def number(text):
    """The published value as a float, or None when suppressed or not collected."""
    try:
        return float(text)
    except ValueError:
        return None


def area_code(row):
    level = row["geographic_level"]
    if level == "National":
        return "national"
    if level == "Local authority" and row.get("old_la_code", "").strip():
        return row["old_la_code"].strip()
    return None  # regional rows are not used


def fmt(value):
    return ("%.6f" % value).rstrip("0").rstrip(".")


def write_csv(path, comment_lines, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        for line in comment_lines:
            f.write("# " + line + "\n")
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def extract_population(source):
    rows = []
    for row in read_rows(os.path.join(source, POPULATION_FILE)):
        code = area_code(row)
        value = number(row["population_estimate"])
        if code is None or value is None:
            continue
        code = ENGLAND_POPULATION_CODE if code == "national" else code
        rows.append((code, int(row["time_period"]), int(value)))
    rows.sort()
    return rows


def extract_comparators(source):
    out = []
    cache = {}
    for measure, filename, release, column, match in MEASURES:
        if filename not in cache:
            cache[filename] = read_rows(os.path.join(source, filename))
        selected = []
        for row in cache[filename]:
            if match and any(row[k] != v for k, v in match.items()):
                continue
            code = area_code(row)
            value = number(row[column])
            if code is None or value is None:
                continue
            selected.append((int(row["time_period"]), code, value))
        if not selected:
            sys.exit("no published values for %s in %s" % (measure, filename))
        latest = max(year for year, _, _ in selected)
        label = "%s %d" % (release, latest)
        for year, code, value in selected:
            if year != latest:
                continue
            code = ENGLAND_COMPARATOR_CODE if code == "national" else code
            out.append((measure, label, year, code, fmt(value)))
    out.sort(key=lambda r: (r[0], r[3] != ENGLAND_COMPARATOR_CODE, r[3]))
    return out


def extract_published_rates(source):
    """Counts with the published rate or the population they were published
    against, for checking the engine's rate arithmetic against DfE's own.

    cin_at31: b1 At31_episodes, England only, every year (b1 carries no rate).
    cla_at31: children looked after on 31 March, England and every council,
    every year, with the file's population_estimate and rate_per_10000.
    """
    out = []
    for row in read_rows(os.path.join(source, "b1_children_in_need_2013_to_2025.csv")):
        if area_code(row) == "national" and number(row["At31_episodes"]) is not None:
            out.append(("cin_at31", int(row["time_period"]), ENGLAND_POPULATION_CODE,
                        row["At31_episodes"], "", ""))
    for row in read_rows(os.path.join(source, "cla_number_and_rate_per_10k_children.csv")):
        if row["population_type"] != "Children looked after on 31 March each year":
            continue
        code = area_code(row)
        if code is None:
            continue
        code = ENGLAND_POPULATION_CODE if code == "national" else code
        cells = [row["children_count"], row["population_estimate"], row["rate_per_10000"]]
        if any(number(c) is None for c in cells):
            continue
        out.append(("cla_at31", int(row["time_period"]), code, *cells))
    out.sort()
    return out


def extract_neighbours(source):
    rows = []
    with open(os.path.join(source, NEIGHBOURS_FILE), newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = next(reader)
        sn_columns = [i for i, name in enumerate(header) if name.startswith("SN") and name != "SNP"]
        for cells in reader:
            if not cells or not cells[0].strip():
                continue
            neighbours = [cells[i].strip() for i in sn_columns if i < len(cells) and cells[i].strip()]
            rows.append((cells[0].strip(), " ".join(neighbours)))
    rows.sort()
    return rows


def main():
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=os.path.join(repo, "..", "shared", "data",
                                                          "dfe-published"))
    parser.add_argument("--out", default=os.path.join(repo, "data", "reference"))
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    provenance = ("Source: dfe-analytical-services/CSC_outcomes_and_enablers, data-raw/, "
                  "commit 2f5d11a (2026-04-27).")
    regenerate = "Regenerate: python3 scripts/extract_reference_data.py (see README.md)."

    write_csv(os.path.join(args.out, "population.csv"),
              ["ONS mid-year population estimates, children aged 0 to 17.",
               "File: " + POPULATION_FILE + ". " + provenance,
               "la_code: 3-digit old LA code; England is " + ENGLAND_POPULATION_CODE + ".",
               regenerate],
              ["la_code", "mid_year", "population"], extract_population(args.source))
    write_csv(os.path.join(args.out, "comparators.csv"),
              ["DfE published values, latest published reporting year of each measure.",
               "Files: " + ", ".join(sorted({m[1] for m in MEASURES})) + ". " + provenance,
               "la_code: 3-digit old LA code, or " + ENGLAND_COMPARATOR_CODE +
               ". Suppressed values (c, x, z, u) are omitted. Published counts are rounded.",
               regenerate],
              ["measure", "release", "year", "la_code", "value"],
              extract_comparators(args.source))
    write_csv(os.path.join(args.out, "published_rates.csv"),
              ["Published counts and rates per 10,000 for checking the rate arithmetic (tests).",
               "cin_at31: b1_children_in_need_2013_to_2025.csv At31_episodes (England).",
               "cla_at31: cla_number_and_rate_per_10k_children.csv, children looked after on",
               "31 March: children_count, population_estimate, rate_per_10000 (rounded).",
               provenance, "la_code: 3-digit old LA code; England is " +
               ENGLAND_POPULATION_CODE + ".", regenerate],
              ["measure", "year", "la_code", "count", "population", "published_rate_per_10k"],
              extract_published_rates(args.source))
    write_csv(os.path.join(args.out, "statistical_neighbours.csv"),
              ["DfE statistical neighbour groupings (April 2021), closest first.",
               "File: " + NEIGHBOURS_FILE + ". " + provenance,
               regenerate],
              ["la_code", "neighbours"], extract_neighbours(args.source))


if __name__ == "__main__":
    main()
