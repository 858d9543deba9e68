#!/usr/bin/env bash
# Brings each library's PublicAPI.Unshipped.txt up to date with its code: adds the symbols the analyzer reports
# as undeclared (RS0016) and drops the declared ones that no longer exist (RS0017). Review the diff, then commit it.
# Usage: tools/api/update-public-api.sh   (from anywhere in the repository)
set -eu
cd "$(dirname "$0")/../.."
for round in 1 2 3; do
  log=$(mktemp)
  dotnet build DetEval.sln -c Release -p:TreatWarningsAsErrors=false 2>&1 >"$log" || true
  changed=$(python3 - "$log" <<'PY'
import re, sys, collections
add = collections.defaultdict(set); drop = collections.defaultdict(set)
for line in open(sys.argv[1]):
    m = re.search(r"(?:error|warning) RS0016: Symbol '(.*)' is not part of the declared public API.*\[(.*)/[^/]+\.csproj\]", line)
    if m: add[m.group(2)].add(m.group(1)); continue
    m = re.search(r"(?:error|warning) RS0017: Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*\[(.*)/[^/]+\.csproj\]", line)
    if m: drop[m.group(2)].add(m.group(1))
n = 0
for proj in set(add) | set(drop):
    path = proj + '/PublicAPI.Unshipped.txt'
    lines = [l.rstrip('\n') for l in open(path)]
    body = {l for l in lines[1:] if l.strip()}
    new = (body | add[proj]) - drop[proj]
    if new != body:
        n += 1
        with open(path, 'w') as f:
            f.write('#nullable enable\n' + ''.join(l + '\n' for l in sorted(new, key=lambda s: (s.lower(), s))))
print(n)
PY
)
  rm -f "$log"
  [ "$changed" = 0 ] && break
done
git status --short -- '*PublicAPI.*.txt'
