#!/usr/bin/env bash
# Runs the service on http://127.0.0.1:5080 with a private PostgreSQL (started by local-postgres.sh
# unless a connection string is given) and the Atajurt 19 demo case, loaded once; prints the admin key kept in .local/admin-key.
# With arguments, runs that command of the service against the same database instead,
# e.g. deploy/run.sh keys create --role staff --owner alice@ngo.example
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

source deploy/local-postgres.sh campaign

source deploy/local-keys.sh

if [[ $# -gt 0 ]]; then
  exec dotnet run --project src/Campaign.Api -- "$@"
fi
export Demo__Load=true
# The admin key it prints is kept here too (mode 600, git-ignored) and printed again at every start; a new one is made,
# and said so, when it was revoked or the database was reset.
export Demo__AdminKeyFile="${Demo__AdminKeyFile:-$PWD/.local/admin-key}"
exec dotnet run --project src/Campaign.Api -- --urls "${CAMPAIGN_URLS:-http://127.0.0.1:5080}"
