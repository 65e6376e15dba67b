#!/usr/bin/env bash
# deploy/cluster.sh [N]: N identical nodes of the service (default 3) on one private PostgreSQL, behind HAProxy on
# http://127.0.0.1:5090 (CAMPAIGN_CLUSTER_PORT; the nodes take the ports after it), with the Atajurt 19 demo case.
# Builds once; Ctrl-C (or SIGTERM) stops the nodes and the load balancer, and PostgreSQL if this script started it.
# Each node's log: .local/cluster/node-K.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

nodes="${1:-3}"
[[ "$nodes" =~ ^[1-9][0-9]?$ ]] || { echo "usage: deploy/cluster.sh [number of nodes, 1-99]" >&2; exit 2; }
lb_port="${CAMPAIGN_CLUSTER_PORT:-5090}"

source deploy/debian-package.sh
ensure_package /usr/sbin/haproxy haproxy
source deploy/local-postgres.sh campaign
source deploy/local-keys.sh

echo "Building the service..."
dotnet build -c Release src/Campaign.Api -v quiet -nologo -clp:NoSummary
dll="$PWD/src/Campaign.Api/bin/Release/net10.0/Campaign.Api.dll"

state=".local/cluster"
mkdir -p "$state"
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "Stopping the cluster..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n "$pg_started_here" ]]; then as_postgres "$pg_bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null; fi
}
trap stop_all INT TERM EXIT

# The nodes trust the load balancer's X-Forwarded-For; the first one loads the demo case (the others would only
# find it loaded) and keeps its admin key in .local/admin-key, as deploy/run.sh does.
servers="$state/servers.cfg"
echo "backend nodes" > "$servers"
for k in $(seq 1 "$nodes"); do
  port=$((lb_port + k))
  echo "    server node$k 127.0.0.1:$port" >> "$servers"
  Demo__Load=$([[ $k -eq 1 ]] && echo true || echo false) Demo__AdminKeyFile="$PWD/.local/admin-key" \
    Network__KnownProxies=127.0.0.1 ASPNETCORE_ENVIRONMENT=Production \
    dotnet "$dll" --urls "http://127.0.0.1:$port" > "$state/node-$k.log" 2>&1 &
  pids+=($!)
done

CAMPAIGN_LB_BIND="127.0.0.1:$lb_port" haproxy -db -f deploy/haproxy.cfg -f "$servers" > "$state/haproxy.log" 2>&1 &
pids+=($!)

echo "Waiting for the $nodes nodes..."
for k in $(seq 1 "$nodes"); do
  until bash -c "exec 3<>/dev/tcp/127.0.0.1/$((lb_port + k))" 2>/dev/null; do
    kill -0 "${pids[$((k - 1))]}" 2>/dev/null || { echo "Node $k stopped; see $state/node-$k.log" >&2; exit 1; }
    sleep 1
  done
done

echo "Loading the demo case..."
for _ in $(seq 1 300); do
  grep -q 'Admin key:' "$state/node-1.log" && break
  grep -q 'Could not load the demo case' "$state/node-1.log" && break
  sleep 1
done

cat <<EOF

Campaign runs as $nodes nodes behind HAProxy on http://127.0.0.1:$lb_port
  (the nodes on 127.0.0.1:$((lb_port + 1))-$((lb_port + nodes)); their logs in $state/)
  Staff console: http://127.0.0.1:$lb_port/   API docs: http://127.0.0.1:$lb_port/docs
  Admin key: $(cat .local/admin-key 2>/dev/null || echo "none yet; see $state/node-1.log")
Stop a node to see another take over its work (kill -9 works too); Ctrl-C stops them all.
EOF
wait
