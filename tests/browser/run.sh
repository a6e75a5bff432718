#!/usr/bin/env bash
# The desk in a real browser: builds rubric, starts `rubric serve` on a fresh
# database in a temporary folder (serving a copy of rubrics/, which the rubric
# page publishes into), makes personal links for 盛池镇, 劳动镇 and the bureau,
# and runs desk.mjs and editor.mjs (with harness.mjs; Playwright, playwright-core from npm,
# driving Debian's chromium). Screenshots in target/browser/.
#
# Installs chromium and a CJK font (apt) and playwright-core (npm ci) when
# missing: run as root, or install them first.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
out=$root/target/browser
mkdir -p "$out"

fail() {
  echo "browser test: $*" >&2
  exit 1
}

# shellcheck source=chromium.sh
. tests/browser/chromium.sh
ensure_chromium
command -v node >/dev/null 2>&1 || fail "node is not installed (apt-get install -y nodejs npm)"
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "== npm ci (playwright-core)"
  (cd tests/browser && npm ci --no-audit --no-fund)
fi

echo "== building rubric"
cargo build --quiet --bin rubric
bin=$root/target/debug/rubric

work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

db=$work/desk.db
token() { "$bin" access add --db "$db" "$@" | cut -f2; }
unit_token=$(token --unit 乐至县盛池镇人民政府)
other_token=$(token --unit 乐至县劳动镇人民政府)
bureau_token=$(token --bureau 财政局绩效股)

cp -r rubrics "$work/rubrics"
"$bin" --lang zh serve "$work/rubrics" --db "$db" --addr 127.0.0.1:0 >"$out/server.log" 2>&1 &
server=$!
url=
for _ in $(seq 1 100); do
  url=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out/server.log" | head -1 || true)
  [ -n "$url" ] && break
  kill -0 "$server" 2>/dev/null || { cat "$out/server.log" >&2; fail "the server did not start"; }
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not say where it listens"
echo "== desk at $url"

DESK=$url UNIT_TOKEN=$unit_token OTHER_TOKEN=$other_token BUREAU_TOKEN=$bureau_token \
  SEED=rubrics/data/lezhi-2022-performance-management/盛池镇.toml OUT=$out \
  timeout 300 node tests/browser/desk.mjs
DESK=$url UNIT_TOKEN=$unit_token BUREAU_TOKEN=$bureau_token \
  SEED=rubrics/data/lezhi-2022-performance-management/盛池镇.toml OUT=$out \
  timeout 300 node tests/browser/editor.mjs
echo "screenshots in $out"
