#!/usr/bin/env bash
# The pom-scijava install route, as README's "Install" section gives it: mvn install with scijava.app.directory set to
# a Fiji.app-shaped folder puts our jar in plugins/ and what it needs in jars/; ImageJ started from that folder (its
# jars on the class path, as Fiji's launcher does) then finds the ten commands and runs one. Needs xvfb-run.
set -euo pipefail
cd "$(dirname "$0")/../../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
app="$work/Fiji.app"
mkdir -p "$app/jars" "$app/plugins"
mvn -q -B -DskipTests -Dscijava.app.directory="$app" install

passed=0 failed=0
check() { # name, command...
	local name=$1; shift
	if "$@"; then passed=$((passed + 1)); echo "OK $name"; else failed=$((failed + 1)); echo "FAIL $name"; fi
}
one() { compgen -G "$1" >/dev/null; }
check "our jar in plugins/" one "$app/plugins/ImageStack_H2-*.jar"
for dep in ij h2 imglib2 scijava-common parsington; do
	check "$dep in jars/" one "$app/jars/$dep-[0-9]*.jar"
done
check "no jar of ours in jars/" bash -c "! compgen -G '$app/jars/ImageStack_H2*' >/dev/null"
check "Jython (provided by Fiji) not copied" bash -c "! compgen -G '$app/jars/jython*' >/dev/null"

cat > "$work/route.ijm" <<'MACRO'
db = getArgument();
List.setCommands;
labels = newArray("Save Stack to Database...", "Open Stack from Database...", "Import Image Sequence to Database...",
	"Convert Stack Type...", "Apply to Every Plane...", "Apply Rolling Operation...", "Copy Stack...",
	"Delete Stack...", "Compact Database...", "List Stacks...");
found = 0;
for (i = 0; i < labels.length; i++)
	if (List.get(labels[i]) != "") found++;
print("FOUND " + found + " commands");
if (found == labels.length) {
	setBatchMode(true);
	newImage("ramp", "8-bit ramp", 64, 48, 2);
	run("Save Stack to Database...", "database=[" + db + "] stack=ramp type=same budget=0");
	run("List Stacks...", "database=[" + db + "]");
	print("LISTED " + Table.size("Stacks in route.mv.db") + " " + Table.getString("name", 0, "Stacks in route.mv.db"));
}
MACRO
out=$(cd "$app" && timeout 120 xvfb-run -a java -Xmx256m -cp "jars/*" ij.ImageJ -ijpath "$app" -batch "$work/route.ijm" \
	"$work/route" 2>&1 || true)
echo "$out"
check "ImageJ from the folder finds the ten commands" grep -q "FOUND 10 commands" <<<"$out"
check "and runs them: Save Stack to Database, List Stacks" grep -q "LISTED 1 ramp" <<<"$out"
check "the database file is there" test -f "$work/route.mv.db"
echo "install-route: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
