#!/usr/bin/env bash
# Seeds the fuzz corpora with every rubric and data fixture of the repository.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check corpus/eval corpus/sheet corpus/modes
i=0
rubrics=(../rubrics/*.rubric ../tests/fixtures/*.rubric ../tests/syntax/*.rubric ../tests/check/*.rubric ../tests/eval/*/rubric.rubric)
for f in "${rubrics[@]}"; do
  cp "$f" "corpus/check/seed-$((i++))"
done
# The grammar's two modes: each line of a rubric on its own.
for f in "${rubrics[@]}"; do
  while IFS= read -r line || [ -n "$line" ]; do
    printf '%s' "$line" > "corpus/modes/seed-$((i++))"
  done < "$f"
done
pair() { # rubric data format
  { cat "$1"; printf '\0%s' "$3"; cat "$2"; } > "corpus/eval/seed-$((i++))"
}
for d in ../tests/eval/*/; do
  for data in "$d"data.*; do
    case "$data" in *.json) fmt=j ;; *.yaml|*.yml) fmt=y ;; *) fmt=t ;; esac
    pair "$d/rubric.rubric" "$data" "$fmt"
  done
done
for dir in ../rubrics/data/*/; do
  name=$(basename "$dir")
  for data in "$dir"*.toml; do pair "../rubrics/$name.rubric" "$data" t; done
done
for dir in ../rubrics/*.tests/; do
  name=$(basename "$dir" .tests)
  for data in "$dir"*.toml; do pair "../rubrics/$name.rubric" "$data" t; done
done
# Spreadsheets: each rubric's template and a few generated units (CSV and xlsx),
# written by the command line tool; an xlsx seed is its data sheet's XML.
sheets=$(mktemp -d)
trap 'rm -rf "$sheets"' EXIT
for r in ../rubrics/lezhi-*.rubric; do
  name=$(basename "$r" .rubric)
  cargo run --quiet --release --manifest-path ../Cargo.toml -- template "$r" --out "$sheets/$name.xlsx" >/dev/null
  cargo run --quiet --release --manifest-path ../Cargo.toml -- generate "$r" 3 --seed 1 --out "$sheets/$name.csv" >/dev/null
  { printf 'x'; unzip -p "$sheets/$name.xlsx" xl/worksheets/sheet1.xml; } > "corpus/sheet/seed-$((i++))"
  cargo run --quiet --release --manifest-path ../Cargo.toml -- generate "$r" 3 --seed 1 --out "$sheets/$name-units.xlsx" >/dev/null
  { printf 'c'; cat "$sheets/$name.csv"; } > "corpus/sheet/seed-$((i++))"
  { printf 'x'; unzip -p "$sheets/$name-units.xlsx" xl/worksheets/sheet1.xml; } > "corpus/sheet/seed-$((i++))"
done
echo "seeded $i files"
