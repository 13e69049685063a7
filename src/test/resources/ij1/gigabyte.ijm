// A stack of more than 1 GB through the long menu commands in a real ImageJ 1 (-batch) with a 512 MB heap, every
// command at the dialogs' default budget (0 = automatic). Prints OK/FAIL and TIME lines.
// Argument: tiffolder|database  (set by ImageJ1GigabyteTest; the folder holds 64 float32 TIFFs of 2048 x 2048)
var t0 = 0;
function ok(name, passed) {
	if (passed) print("OK " + name); else print("FAIL " + name);
}
function step(name) {
	print("TIME " + name + " " + (getTime() - t0) + " ms, heap in use " + round(IJ.currentMemory() / 1048576) + " MB");
	t0 = getTime();
}
args = split(getArgument(), "|");
folder = args[0]; db = args[1];
setBatchMode(true);

List.setCommands;
labels = newArray("Save Stack to Database...", "Open Stack from Database...", "Import Image Sequence to Database...",
	"Convert Stack Type...", "Apply to Every Plane...", "Image Sequence...", "Add...");
missing = 0;
for (i = 0; i < labels.length; i++) {
	if (List.get(labels[i]) == "") {
		print("MISSING " + labels[i]);
		missing++;
	}
}
ok("all labels installed", (missing == 0));
if (missing > 0) {
	print("DONE");
	exit;
}

t0 = getTime();
run("Import Image Sequence to Database...", "folder=[" + folder + "] filter=*.tif database=[" + db + "] stack=seq type=same budget=0");
step("import");
run("Apply to Every Plane...", "database=[" + db + "] stack=seq command=[Add...] options=[value=0.25] macro=[] budget=0");
step("apply");
run("Convert Stack Type...", "database=[" + db + "] stack=seq type=uint16 budget=0");
step("convert");

// what a user does with a folder too large to open: ImageJ's own virtual stack of it, saved to the database
run("Image Sequence...", "dir=[" + folder + "] filter=.tif sort use");
ok("ImageJ's virtual stack of the 64 TIFFs", (nSlices == 64 && is("Virtual Stack") && bitDepth() == 32));
step("open as ImageJ virtual stack");
run("Save Stack to Database...", "database=[" + db + "] stack=saved type=same budget=0");
step("save");
close();

// the database's virtual stack of that 1 GB stack: a filter over every slice, saved in place
run("Open Stack from Database...", "database=[" + db + "] stack=saved virtual on_close=discard budget=0");
ok("database virtual stack opened", (nSlices == 64));
run("Add...", "value=1 stack");
run("Save Stack to Database...", "database=[" + db + "] stack=saved type=same budget=0");
step("filter and save in place");
close();
print("max memory " + IJ.maxMemory());
print("DONE");
