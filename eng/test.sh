#!/usr/bin/env bash
# Builds the solution (warnings are errors) and runs every test project against a real Redis,
# then prints one closing line: "Total: N passed, N failed, N skipped". Fails when any test
# fails or when no test ran at all.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/redis-server.sh
require_redis_server

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT

dotnet build RedisRepo.sln -c Release -nologo
status=0
dotnet test RedisRepo.sln -c Release --no-build --nologo --logger "trx" --results-directory "$results" || status=$?

total=0 passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*' "$trx" | head -1)
  get() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
  total=$((total + $(get total))); passed=$((passed + $(get passed))); failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get total) - $(get executed)))
done

echo
echo "Total: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [ "$total" -eq 0 ] || [ "$passed" -eq 0 ]; then
  echo "No test ran: that is a failure, not a pass." >&2
  exit 1
fi
if [ "$failed" -ne 0 ] || [ "$skipped" -ne 0 ]; then
  exit 1
fi
exit "$status"
