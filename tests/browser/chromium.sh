# Sourced by tests/browser/run.sh and tests/html_browser.sh (after they define
# `fail`): installs Debian's chromium and a CJK font (so that screenshots show
# Chinese) when missing; installing needs root.
ensure_chromium() {
  local need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    need+=(fonts-wqy-zenhei)
  fi
  if [ "${#need[@]}" -gt 0 ]; then
    [ "$(id -u)" -eq 0 ] || fail "missing ${need[*]}: run as root or apt-get install -y ${need[*]}"
    echo "== installing ${need[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
  fi
  command -v chromium >/dev/null 2>&1 || fail "chromium is not installed"
}
