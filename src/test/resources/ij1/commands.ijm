// Runs every ImageStack H2 menu command by its label and keys in a real ImageJ 1, printing OK/FAIL lines.
// Argument: folder|database|bigdatabase  (set by ImageJ1MacroTest)
function ok(name, passed) {
	if (passed) print("OK " + name); else print("FAIL " + name);
}
args = split(getArgument(), "|");
folder = args[0]; db = args[1]; big = args[2];
setBatchMode(true);

List.setCommands;
labels = newArray("Save Stack to Database...", "Open Stack from Database...", "Import Image Sequence to Database...",
	"Convert Stack Type...", "Apply to Every Plane...", "Apply Rolling Operation...", "Copy Stack...",
	"Delete Stack...", "Compact Database...", "List Stacks...");
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

run("Import Image Sequence to Database...", "folder=[" + folder + "] filter=*.png database=[" + db + "] stack=seq type=uint8 budget=16");
run("Apply to Every Plane...", "database=[" + db + "] stack=seq command=[Gaussian Blur...] options=[sigma=1] macro=[] budget=16");
run("Apply Rolling Operation...", "database=[" + db + "] stack=seq operation=Difference budget=16");
run("Convert Stack Type...", "database=[" + db + "] stack=seq type=float32 budget=16");
run("Copy Stack...", "database=[" + db + "] stack=seq new=seq2");
run("List Stacks...", "database=[" + db + "]");
ok("list shows two stacks", (Table.size("Stacks") == 2));
ok("list names", (Table.getString("name", 1, "Stacks") == "seq2"));
run("Delete Stack...", "database=[" + db + "] stack=seq2");
run("Compact Database...", "database=[" + db + "]");
run("Open Stack from Database...", "database=[" + db + "] stack=seq budget=16");
ok("open: 3 slices after the rolling operation", (nSlices == 3));
ok("open: 32-bit after the conversion", (bitDepth() == 32));
run("Save Stack to Database...", "database=[" + db + "] stack=fromimage type=uint16 budget=16");
close();

// a virtual stack larger than this ImageJ's heap: a filter over all slices, saved in place
run("Open Stack from Database...", "database=[" + big + "] stack=big virtual on_close=discard budget=16");
ok("virtual stack opened", (nSlices == 80));
run("Add...", "value=0.25 stack");
run("Save Stack to Database...", "database=[" + big + "] stack=big type=same budget=16");
close();
print("max memory " + IJ.maxMemory());
print("DONE");
