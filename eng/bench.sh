#!/usr/bin/env bash
# Runs the benchmarks (generated repositories against hand-written StackExchange.Redis code, and
# the generator itself) against REDIS_URL or a throwaway redis-server, then writes the results
# table with the machine described to benchmarks/results.md. Takes about 15 minutes on 2 cores.
# Extra arguments go to BenchmarkDotNet, e.g. ./eng/bench.sh --filter '*Query*'.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/redis-server.sh
require_redis_server

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
artifacts=benchmarks/BenchmarkDotNet.Artifacts
rm -rf "$artifacts"
dotnet build benchmarks/RedisRepo.Benchmarks -c Release -nologo -v quiet
filter=("$@")
if [ ${#filter[@]} -eq 0 ]; then filter=(--filter '*'); fi
log="$artifacts/run.log"
mkdir -p "$artifacts"
dotnet benchmarks/RedisRepo.Benchmarks/bin/Release/net10.0/RedisRepo.Benchmarks.dll "${filter[@]}" --artifacts "$artifacts" | tee "$log"

{
  echo "# Benchmark results"
  echo
  echo "Produced by \`./eng/bench.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "- Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo) RAM, $(. /etc/os-release && echo "$PRETTY_NAME")"
  echo "- .NET SDK $(dotnet --version), Redis $(redis-server --version | sed -E 's/.*v=([0-9.]+).*/\1/') on the same machine, over loopback"
  echo "- $(grep -m1 -o 'entity payload [0-9]* bytes' "$log" || echo 'entity payload: see the run log')"
  echo "- Ratios are against the tuned hand-written code (the baseline) in the same run."
  for report in "$artifacts"/results/*-report-github.md; do
    echo
    echo "## $(basename "$report" -report-github.md | sed 's/.*\.//')"
    echo
    sed -n '/^|/,$p' "$report"
  done
} > benchmarks/results.md
echo "Wrote benchmarks/results.md"
