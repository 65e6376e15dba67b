#!/usr/bin/env bash
# Runs all the tests against a private PostgreSQL (started by local-postgres.sh unless a connection
# string is given) and ends with a line "N passed, N failed". Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

source deploy/local-postgres.sh campaign_tests

# The console's browser tests drive Debian's Chromium, and the fault tests put Debian's HAProxy in front of their nodes
# (Faults/): both are installed here when absent (never a download from elsewhere).
source deploy/debian-package.sh
ensure_package /usr/bin/chromium chromium
ensure_package /usr/sbin/haproxy haproxy
# The fault tests kill their own PostgreSQL cluster: it runs on the next port, its data in a temporary folder.
export CAMPAIGN_FAULTS_PG_PORT="${CAMPAIGN_FAULTS_PG_PORT:-$(( ${CAMPAIGN_PG_PORT:-55432} + 1 ))}"

results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
export CAMPAIGN_FAULTS_REPORT="$results/faults.txt"   # the fault tests' figures, shown at the end
status=0
dotnet test Campaign.sln --logger "trx;LogFilePrefix=results" --results-directory "$results" "$@" || status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx")"
  passed=$((passed + $(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$counters")))
  failed=$((failed + $(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$counters")))
done

if [[ -s "$CAMPAIGN_FAULTS_REPORT" ]]; then echo; echo "Fault tests:"; cat "$CAMPAIGN_FAULTS_REPORT"; echo; fi
echo "$passed passed, $failed failed"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then exit 1; fi
