#!/usr/bin/env bash
# The HTML report in a real browser: writes the seed report (the five projects
# of rubric C and 盛池镇 under rubric A) with the ignored test
# `write_seed_report_for_the_browser_check`, renders it with headless Chromium
# at desktop and phone widths, and fails when the page logs a console error or
# did not render its ranking, charts and units.
#
# Then the batch page: `rubric batch` on 300 and on 6 units made by `rubric
# generate` (rubric B), rendered by tests/html_browser/batch.mjs (Playwright,
# playwright-core from npm, driving Debian's chromium) at desktop and phone
# widths and in print; it checks from the DOM that the totals chart (a bar per
# unit, or the distribution of 300 totals with the ten highest and lowest),
# the units per grade and the section means are shown with the bars and bins
# the page's own tables say, and that the screenshots are not blank.
#
# Artefacts in target/html/: report.html, report-en.html, report.png (1280 px
# wide), report-phone.png (400 px wide), report-en.png, report.pdf (print
# layout), report.dom.html, chromium-*.log; batch-300.html, batch-6.html,
# batch-6-en.html, each with NAME.png (the top of the page, 1280 px),
# NAME-charts.png (its charts), NAME-phone.png, NAME-phone-charts.png (400 px)
# and NAME.pdf.
#
# Installs Debian's chromium (and a CJK font, so the screenshots show Chinese)
# when missing, and playwright-core (npm ci): run as root, or install them
# first. Needs node 20 or later.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/html
mkdir -p "$out"

fail() {
  echo "html_browser: $*" >&2
  exit 1
}

# shellcheck source=browser/chromium.sh
. tests/browser/chromium.sh
ensure_chromium

echo "== writing the seed report"
rm -f "$out"/report*.html "$out"/report*.png "$out"/report.pdf "$out"/chromium-*
cargo test --quiet --test html -- --ignored --exact write_seed_report_for_the_browser_check
[ -s "$out/report.html" ] || fail "$out/report.html was not written"
[ -s "$out/report-en.html" ] || fail "$out/report-en.html was not written"

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# chromium NAME ARGS...: one headless run, its log in $out/chromium-NAME.log.
run_chromium() {
  local name=$1
  shift
  local status=0
  timeout 180 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --user-data-dir="$profile/$name" --enable-logging=stderr --v=0 --hide-scrollbars \
    "$@" >"$out/chromium-$name.stdout" 2>"$out/chromium-$name.log" || status=$?
  [ "$status" -eq 0 ] || { cat "$out/chromium-$name.log" >&2; fail "chromium ($name) exited with $status"; }
}

page="file://$PWD/$out/report.html"
page_en="file://$PWD/$out/report-en.html"

echo "== rendering with $(chromium --version 2>/dev/null || echo chromium)"
run_chromium desktop --screenshot="$out/report.png" --window-size=1280,2000 "$page"
run_chromium phone --screenshot="$out/report-phone.png" --window-size=400,2000 "$page"
run_chromium english --screenshot="$out/report-en.png" --window-size=1280,2000 "$page_en"
run_chromium print --print-to-pdf="$out/report.pdf" --no-pdf-header-footer "$page"
run_chromium dom --dump-dom "$page"
mv "$out/chromium-dom.stdout" "$out/report.dom.html"
rm -f "$out"/chromium-*.stdout

echo "== checking"
for name in desktop phone english print dom; do
  # The page has no script, so any console message at all (Chromium logs even
  # console.error as INFO:CONSOLE) is a failure, as is an uncaught error.
  if grep -E "Uncaught|ERROR:CONSOLE|:CONSOLE[:(]" "$out/chromium-$name.log"; then
    fail "console messages in $out/chromium-$name.log"
  fi
  # The page loads nothing: a network request would be a bug.
  if grep -E "net::ERR_|Failed to load resource" "$out/chromium-$name.log"; then
    fail "the page tried to load something ($out/chromium-$name.log)"
  fi
done
for png in report.png report-phone.png report-en.png; do
  [ "$(stat -c %s "$out/$png")" -gt 20000 ] || fail "$out/$png is missing or blank"
  # The PNG signature.
  [ "$(head -c 8 "$out/$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] || fail "$out/$png is not a PNG"
done
[ "$(head -c 4 "$out/report.pdf")" = "%PDF" ] || fail "$out/report.pdf is not a PDF"
dom="$out/report.dom.html"
grep -q '<html lang="zh-CN">' "$dom" || fail "the DOM has no <html lang=\"zh-CN\">"
grep -q '<h2>排名</h2>' "$dom" || fail "the DOM has no ranking heading"
grep -q '<svg class="chart totals wide"' "$dom" || fail "the DOM has no totals chart"
# Six units, and the chart drawn twice (screen and phone).
[ "$(grep -o 'class="bar total"' "$dom" | wc -l)" -eq 12 ] || fail "the totals charts have not 6 bars each"
[ "$(grep -o '<section class="unit"' "$dom" | wc -l)" -eq 6 ] || fail "the DOM has not 6 units"
grep -q '乐至县盛池镇人民政府' "$dom" || fail "the DOM has no 盛池镇"
! grep -q '<script' "$dom" || fail "the DOM has a script"

echo "== writing batch pages (rubric generate, rubric batch)"
command -v node >/dev/null 2>&1 || fail "node is not installed (node 20 or later: apt-get install -y nodejs npm)"
if [ ! -d tests/html_browser/node_modules/playwright-core ]; then
  echo "== npm ci (playwright-core)"
  (cd tests/html_browser && npm ci --no-audit --no-fund)
fi
cargo build --quiet --bin rubric
bin=target/debug/rubric
department=rubrics/lezhi-2023-department-overall.rubric
rm -f "$out"/batch-*
"$bin" generate "$department" 300 --seed 2023 --out "$profile/units-300" >/dev/null
"$bin" generate "$department" 6 --seed 1 --out "$profile/units-6" >/dev/null
# batch LANG UNITS PAGE: exit 1 only says that some unit has findings.
batch() {
  local status=0
  "$bin" batch "$department" "$2" --lang "$1" --out "$out/$3" >/dev/null 2>&1 || status=$?
  [ "$status" -le 1 ] || fail "rubric batch ($3) exited with $status"
  [ -s "$out/$3" ] || fail "$out/$3 was not written"
}
batch zh "$profile/units-300" batch-300.html
batch zh "$profile/units-6" batch-6.html
batch en "$profile/units-6" batch-6-en.html

echo "== rendering the batch pages"
# PAGE:BARS, BARS the named bars of its totals charts: all 6 units, or the ten highest and the ten lowest.
node tests/html_browser/batch.mjs "$out" batch-6.html:6 batch-6-en.html:6 batch-300.html:20

echo "html_browser: ok — screenshots $out/report.png, $out/report-phone.png, $out/report-en.png, $out/batch-*.png; print $out/report.pdf, $out/batch-*.pdf"
