# Sourced by .ci/run and scripts/browser-test: what the dashboard's browser test (DashboardBrowserIT, part
# of `mvn verify`) needs beyond JDK 17 and Maven: Debian's chromium, Node.js 20+ with npm, and the npm
# packages of ingest-http/src/test/browser (playwright-core drives that chromium; no browser is downloaded).

browser_deps() {
  local root=$1 missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "installing ${missing[*]} with apt-get..."
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
        || { echo "apt-get could not install ${missing[*]}" >&2; return 1; }
    else
      echo "the browser test needs ${missing[*]}: sudo apt-get install -y ${missing[*]}" >&2
      return 1
    fi
  fi
  (cd "$root/ingest-http/src/test/browser" && npm ci --no-audit --no-fund --loglevel=error) \
    || { echo "npm ci failed in ingest-http/src/test/browser" >&2; return 1; }
}
