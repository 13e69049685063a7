#!/usr/bin/env bash
# README's install routes. 1) pom-scijava's: mvn install with scijava.app.directory set to a Fiji.app-shaped folder
# puts our jar in plugins/ and what it needs in jars/; ImageJ started from that folder (its jars on the class path, as
# Fiji's launcher does) then finds the ten commands and runs one. 2) The download for Fiji, made by mvn package:
# target/ImageStack_H2-<version>-fiji.zip unpacked over a folder holding only what Fiji ships (ij, ImgLib2, SciJava
# Common, Parsington in jars/). 3) The download for plain ImageJ 1: target/ImageStack_H2-<version>-imagej.zip
# unpacked into a scratch ImageJ folder, and Debian's ImageJ (/usr/share/java/ij.jar, package imagej) started on it.
# Needs xvfb-run.
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
	table = "Stacks in " + db; // the Stacks table is titled with the database as typed
	print("LISTED " + Table.size(table) + " " + Table.getString("name", 0, table));
}
MACRO
out=$(cd "$app" && timeout 120 xvfb-run -a java -Xmx256m -cp "jars/*" ij.ImageJ -ijpath "$app" -batch "$work/route.ijm" \
	"$work/route" 2>&1 || true)
echo "$out"
check "ImageJ from the folder finds the ten commands" grep -q "FOUND 10 commands" <<<"$out"
check "and runs them: Save Stack to Database, List Stacks" grep -q "LISTED 1 ramp" <<<"$out"
check "the database file is there" test -f "$work/route.mv.db"

# -- the zips (made by the same mvn install, in its package phase) --
zip_fiji=$(compgen -G "target/ImageStack_H2-*-fiji.zip" | head -1 || true)
zip_ij=$(compgen -G "target/ImageStack_H2-*-imagej.zip" | head -1 || true)
check "mvn package made the Fiji zip" test -n "$zip_fiji"
check "mvn package made the ImageJ 1 zip" test -n "$zip_ij"
# the Fiji zip: our jar, and only what Fiji does not ship (no ij, ImgLib2, SciJava Common or Parsington of its own)
fiji_files=$(unzip -Z1 "$zip_fiji" | grep -v '/$' | sed -E 's/-[0-9][^/]*\.jar$//' | sort | tr '\n' ' ')
check "Fiji zip: our jar in plugins/, H2 and PostgreSQL in jars/, nothing else ($fiji_files)" \
	test "$fiji_files" = "jars/h2 jars/postgresql plugins/ImageStack_H2 "
# the ImageJ 1 zip: everything beyond ij.jar, in plugins/jars/ (ImageJ 1's plugin class loader reads that folder)
for dep in h2 postgresql imglib2 scijava-common parsington; do
	check "ImageJ 1 zip: $dep in plugins/jars/" grep -q "^plugins/jars/$dep-[0-9.]*\.jar$" <(unzip -Z1 "$zip_ij")
done
check "ImageJ 1 zip: no second ij.jar" bash -c "! unzip -Z1 '$zip_ij' | grep -q '/ij[-.]'"

cat > "$work/zip.ijm" <<'MACRO'
db = getArgument();
List.setCommands;
print("SAVE COMMAND " + List.get("Save Stack to Database..."));
setBatchMode(true);
newImage("ramp", "8-bit ramp", 64, 48, 3);
setSlice(2);
v = getPixel(40, 10);
run("Save Stack to Database...", "database=[" + db + "] stack=ramp type=same budget=0");
close("*");
run("Open Stack from Database...", "database=[" + db + "] stack=ramp budget=0");
setSlice(2);
print("OPENED " + getTitle() + " " + getWidth() + "x" + getHeight() + "x" + nSlices + " " + bitDepth() + "-bit, pixel " +
	(getPixel(40, 10) == v));
MACRO
run_zip_route() { # name, folder, class path
	local out
	out=$(cd "$2" && timeout 120 xvfb-run -a java -Xmx256m -cp "$3" ij.ImageJ -ijpath "$2" -batch "$work/zip.ijm" \
		"$work/$1" 2>&1 || true)
	echo "$out"
	check "$1: the menu has the commands" grep -q "SAVE COMMAND org.imagestack" <<<"$out"
	check "$1: saved and opened again, the same pixels" grep -q "OPENED ramp 64x48x3 8-bit, pixel 1" <<<"$out"
	check "$1: the database file is there" test -f "$work/$1.mv.db"
}

# 2) over a folder with what Fiji ships (the jars the Maven route put there, but none of ours)
fiji="$work/Fiji-like"
mkdir -p "$fiji/jars" "$fiji/plugins"
for dep in ij imglib2 scijava-common parsington; do cp "$app"/jars/$dep-[0-9]*.jar "$fiji/jars/"; done
unzip -q -o "$zip_fiji" -d "$fiji"
run_zip_route fiji-zip "$fiji" "jars/*"

# 3) into a scratch ImageJ folder, run by Debian's ImageJ
if [ -f /usr/share/java/ij.jar ]; then
	ij1="$work/ImageJ"
	mkdir -p "$ij1"
	unzip -q -o "$zip_ij" -d "$ij1"
	run_zip_route imagej-zip "$ij1" /usr/share/java/ij.jar
else
	failed=$((failed + 1)); echo "FAIL Debian's ImageJ is not installed (apt-get install imagej): the ImageJ 1 zip was not tried"
fi

echo "install-route: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
