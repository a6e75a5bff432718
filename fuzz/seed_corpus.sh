#!/usr/bin/env bash
# Seeds the fuzz corpora with every rubric and data fixture of the repository.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/check corpus/eval
i=0
for f in ../rubrics/*.rubric ../tests/fixtures/*.rubric ../tests/syntax/*.rubric ../tests/check/*.rubric ../tests/eval/*/rubric.rubric; do
  cp "$f" "corpus/check/seed-$((i++))"
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
echo "seeded $i files"
