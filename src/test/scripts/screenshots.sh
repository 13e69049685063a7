#!/usr/bin/env bash
# Regenerates README's screenshots (doc/screenshots/*.png): the real-ImageJ test that plays a person (ImageJ 1 with its
# window, under Xvfb with openbox) saves what it sees there. Needs xvfb and openbox (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/../../.."
mvn -q test -Dtest='ImageJ1MacroTest#asAPersonSeesIt' -Dimagestack.screenshots=doc/screenshots
ls -l doc/screenshots
