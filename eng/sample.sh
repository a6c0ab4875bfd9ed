#!/usr/bin/env bash
# Runs samples/Finance against REDIS_URL, or against a throwaway redis-server it starts itself.
set -euo pipefail
cd "$(dirname "$0")/.."
source eng/redis-server.sh
require_redis_server

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
dotnet run --project samples/Finance -c Release
