#!/usr/bin/env bash
# Installs what tests/Cluster/slurm-array.sh needs: Debian's slurm-wlm (slurmctld, slurmd, sbatch, ...) and munge.
# Does nothing when they are there; prints why when it cannot install them (not root, no apt-get, no package), and
# then the test is skipped with that reason. Always exits 0: the test decides pass, fail or skip.
set -u
missing=""
for tool in munged slurmctld slurmd sbatch; do
  command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
if [ -z "$missing" ]; then
  echo "install-slurm: slurm-wlm and munge are installed ($(slurmctld -V 2>/dev/null))"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-slurm: cannot install slurm-wlm and munge (missing:$missing): not root"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-slurm: cannot install slurm-wlm and munge (missing:$missing): no apt-get on this machine"
  exit 0
fi
# The test starts the daemons itself: keep the packages' scripts from starting them at install time.
policy=/usr/sbin/policy-rc.d
made_policy=0
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
fi
echo "install-slurm: installing slurm-wlm and munge (missing:$missing)"
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge; } >${TMPDIR:-/tmp}/install-slurm.log 2>&1; then
  echo "install-slurm: apt-get could not install slurm-wlm and munge (see ${TMPDIR:-/tmp}/install-slurm.log): $(tail -n 1 ${TMPDIR:-/tmp}/install-slurm.log)"
fi
[ "$made_policy" = 1 ] && rm -f "$policy"
exit 0
