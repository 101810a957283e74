#!/usr/bin/env bash
# The whole suite. PostgreSQL and Redis when they answer (required under CI=true), else SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

answers() { timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>/dev/null; }

if answers 127.0.0.1 5432; then
  export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgresql+psycopg://postgres@127.0.0.1:5432/test}"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true: PostgreSQL is not answering on 127.0.0.1:5432" >&2; exit 3
else
  echo "PostgreSQL is not answering: running on SQLite" >&2
fi
if answers 127.0.0.1 6379; then
  export TEST_REDIS_URL="${TEST_REDIS_URL:-redis://127.0.0.1:6379/13}"
elif [ "${CI:-}" = "true" ]; then
  echo "CI=true: Redis is not answering on 127.0.0.1:6379" >&2; exit 3
fi

.venv/bin/ruff check .
# pytest exits 5 when it collected no test; that is a failure here too.
exec .venv/bin/python -m pytest "$@"
