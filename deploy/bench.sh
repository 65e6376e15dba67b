#!/usr/bin/env bash
# Measures the service against raw PostgreSQL on a private database (started like the tests' one) and writes
# docs/performance.md. Every figure: a warm-up, then 5 trials (median and spread). --quick: 3 trials and stores of
# 20,000 and 100,000 events instead of 100,000 and 1 million (several minutes); the workloads are the same.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

source deploy/local-postgres.sh campaign_bench
dotnet build -c Release bench/Campaign.Benchmarks -v quiet -nologo
exec dotnet bench/Campaign.Benchmarks/bin/Release/net10.0/Campaign.Benchmarks.dll "$@"
