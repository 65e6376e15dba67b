#!/usr/bin/env bash
# Measures the service against raw PostgreSQL on a private database (started like the tests' one) and writes
# docs/performance.md. --quick: a run of under two minutes; without it, the full run (1 million events).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

source deploy/local-postgres.sh campaign_bench
dotnet build -c Release bench/Campaign.Benchmarks -v quiet -nologo
exec dotnet bench/Campaign.Benchmarks/bin/Release/net10.0/Campaign.Benchmarks.dll "$@"
