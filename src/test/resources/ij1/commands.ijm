// Runs every ImageStack H2 menu command by its label and keys in a real ImageJ 1 (-batch), printing OK/FAIL lines.
// Argument: folder|database|bigdatabase|workdir|compactdatabase  (set by ImageJ1MacroTest)
var probe = "org.imagestack.ij1.GuiProbe.";
function ok(name, passed) {
	if (passed) print("OK " + name); else print("FAIL " + name);
}
args = split(getArgument(), "|");
folder = args[0]; db = args[1]; big = args[2]; work = args[3]; cdb = args[4];
setBatchMode(true);

List.setCommands;
labels = newArray("Save Stack to Database...", "Open Stack from Database...", "Import Image Sequence to Database...",
	"Convert Stack Type...", "Apply to Every Plane...", "Apply Rolling Operation...", "Copy Stack...",
	"Delete Stack...", "Compact Database...", "List Stacks...", "Gaussian Blur...");
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
run("Copy Stack...", "database=[" + db + "] stack=seq new=seqsj");

// the same command on an in-memory copy: what Apply to Every Plane must give
run("Open Stack from Database...", "database=[" + db + "] stack=seq budget=16");
run("Gaussian Blur...", "sigma=1 stack");
saveAs("Tiff", work + "/expected-blur.tif");
close();

// the ImageJ 1 path (plugins.config) and the SciJava path (CommandService, inputs filled from the same line)
applyOptions = "database=[" + db + "] stack=seq command=[Gaussian Blur...] options=[sigma=1] macro=[] budget=16";
run("Apply to Every Plane...", applyOptions);
r = call(probe + "sciJava", "Apply to Every Plane...", replace(applyOptions, "stack=seq ", "stack=seqsj "));
print("SciJava: " + r);
ok("SciJava apply ran", (startsWith(r, "Applied Gaussian Blur... to 4 planes")));

run("Apply Rolling Operation...", "database=[" + db + "] stack=seq operation=Difference budget=16");
run("Convert Stack Type...", "database=[" + db + "] stack=seq type=float32 budget=16");
run("Copy Stack...", "database=[" + db + "] stack=seq new=seq2");
run("List Stacks...", "database=[" + db + "]");
ok("list: the table is titled with the database", isOpen("Stacks in " + db));
ok("list shows three stacks", (Table.size("Stacks in " + db) == 3));
ok("list names", (Table.getString("name", 2, "Stacks in " + db) == "seq2"));
run("Delete Stack...", "database=[" + db + "] stack=seq2");

// a normal image saved to the database is no longer marked changed
run("Open Stack from Database...", "database=[" + db + "] stack=seq budget=16");
ok("open: 3 slices after the rolling operation", (nSlices == 3));
ok("open: 32-bit after the conversion", (bitDepth() == 32));
run("Add...", "value=0 stack");
ok("edited image is marked changed", is("changes"));
run("Save Stack to Database...", "database=[" + db + "] stack=fromimage type=uint16 budget=16");
ok("saved image is marked unchanged", (!is("changes")));
close();

// compact: the file shrinks after a stack is deleted
before = File.length(cdb + ".mv.db");
run("Delete Stack...", "database=[" + cdb + "] stack=bulk");
run("Compact Database...", "database=[" + cdb + "]");
after = File.length(cdb + ".mv.db");
print("COMPACT " + before + " " + after);
ok("compact shrinks the file", (after < before));

// a virtual stack larger than this ImageJ's heap: a filter over all slices, saved in place
run("Open Stack from Database...", "database=[" + big + "] stack=big virtual on_close=discard budget=16");
ok("virtual stack opened", (nSlices == 80));
ok("virtual stack's Info names Apply to Every Plane", (indexOf(getMetadata("Info"), "Apply to Every Plane...") >= 0));
r = call("org.imagestack.ij1.Macros.deleteStack", big, "big");
print("Delete while open: " + r);
ok("delete refused while the stack is open", (indexOf(r, "close that image first") >= 0));
run("Add...", "value=0.25 stack");
run("Save Stack to Database...", "database=[" + big + "] stack=big type=same budget=16");
close();

// closed in batch mode: released (the test, another process, opens the database while this macro waits)
// the watcher passes every 300 ms: wait for its release (up to 30 s on a loaded machine)
for (i = 0; i < 300 && call(probe + "openVirtualStacks") != "0"; i++)
	wait(100);
ok("closed virtual stack released", (call(probe + "openVirtualStacks") == "0"));
File.saveString("closed", work + "/closed.txt");
for (i = 0; i < 400 && !File.exists(work + "/checked.txt"); i++)
	wait(100);
ok("the test looked at the database", File.exists(work + "/checked.txt"));
print("max memory " + IJ.maxMemory());
print("DONE");
