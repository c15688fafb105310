#!/usr/bin/env bash
# Commit only the given paths, serialised with a lock so several people (or agents) working in one
# checkout do not trip over git's index lock. Usage: scripts/dev-commit.sh "message" path [path...]
set -euo pipefail
msg=$1; shift
exec 9>/tmp/openward-git.lock
flock 9
git add -A -- "$@"
if git diff --cached --quiet -- "$@"; then echo "nothing to commit in $*"; exit 0; fi
git commit -q -m "$msg" -- "$@"
git log --oneline -1
