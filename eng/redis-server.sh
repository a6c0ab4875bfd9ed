# Sourced by eng/test.sh and eng/sample.sh: makes sure a Redis is reachable for them.
# With REDIS_URL set, that server is used as it is. Otherwise the tests and the sample start
# throwaway redis-server processes of their own, so redis-server must be on PATH: installed
# here from Debian's packages when this shell may (root, or sudo without a password).

require_redis_server() {
  if [ -n "${REDIS_URL:-}" ]; then
    echo "Using the Redis at REDIS_URL=${REDIS_URL}"
    return 0
  fi
  if command -v redis-server >/dev/null 2>&1; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "redis-server is not installed and this shell cannot install it." >&2
      echo "Install it (Debian/Ubuntu: sudo apt-get install -y redis-server), or set REDIS_URL to a Redis 6.2+ server." >&2
      return 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "redis-server is not installed and apt-get is not available: install Redis 6.2+ or set REDIS_URL." >&2
    return 1
  fi
  echo "Installing redis-server from Debian's packages..."
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  command -v redis-server >/dev/null 2>&1 || { echo "redis-server still not on PATH after installing it." >&2; return 1; }
}
