// ImageJ with its window, under a window manager: what a person sees of the virtual stack and of the progress.
// Argument: database|screenshot folder|log file  (set by ImageJ1MacroTest.asAPersonSeesIt)
var probe = "org.imagestack.ij1.GuiProbe.";
function ok(name, passed) {
	if (passed) print("OK " + name); else print("FAIL " + name);
}
args = split(getArgument(), "|");
db = args[0]; shots = args[1]; logFile = args[2];
List.setCommands;
if (List.get("Open Stack from Database...") == "") {
	print("MISSING Open Stack from Database...");
	File.saveString(getInfo("log"), logFile);
	run("Quit");
}

// looking is not editing: scroll through every slice, close, and nothing asks
run("Open Stack from Database...", "database=[" + db + "] stack=gv virtual on_close=ask budget=0");
for (i = 1; i <= nSlices; i++) {
	setSlice(i);
	wait(50);
}
setSlice(1);
call(probe + "answer", "ImageStack H2", "Cancel", "3"); // would keep the window if anything asked
close();
call("org.imagestack.ij1.GuiProbeThreads.await", "10"); // the probe gave up after 3 s: nothing asked
ok("closing after scrolling asks nothing", (!isOpen("gv")));

// an edit, then close: Cancel keeps the window and the edit, Save writes it
run("Open Stack from Database...", "database=[" + db + "] stack=gv virtual on_close=ask budget=0");
setSlice(2);
before = getPixel(1, 1);
run("Add...", "value=50 slice");
edited = getPixel(1, 1);
call(probe + "shootWindow", "gv (V)", shots + "/virtual-stack.png");
call(probe + "answer", "ImageStack H2", "Cancel");
close();
call("org.imagestack.ij1.GuiProbeThreads.await", "30");
ok("Cancel keeps the window", isOpen("gv"));
if (isOpen("gv")) {
	selectImage("gv");
	setSlice(2);
	ok("Cancel keeps the edit", (getPixel(1, 1) == edited && edited == before + 50));
}
call(probe + "shootAndAnswer", "ImageStack H2", shots + "/save-changes.png", "Save");
close();
call("org.imagestack.ij1.GuiProbeThreads.await", "30");
ok("Save closes the window", (!isOpen("gv")));

// Esc: cancelled, the stack as last saved, the reason in the Log
call(probe + "escapeWhen", "Apply to Every Plane: plane 3 of 12");
run("Apply to Every Plane...", "database=[" + db + "] stack=many command=[Gaussian Blur...] options=[sigma=3] budget=0");
ok("Esc cancels with a message", (indexOf(getInfo("log"), "Cancelled: stack 'many' left at its last save") >= 0));
run("Open Stack from Database...", "database=[" + db + "] stack=many budget=0");
print("MANY AFTER ESC " + getPixel(5, 5));
close();
call(probe + "escapeWhen", "Copy Stack: plane "); // as soon as it shows: Copy is quick
run("Copy Stack...", "database=[" + db + "] stack=many new=many-copy");
ok("Esc cancels Copy", (indexOf(getInfo("log"), "Cancelled: stack 'many-copy' was not created") >= 0));

// one bar for the whole Apply to Every Plane, plane i of N in the status line
call(probe + "watch");
run("Apply to Every Plane...", "database=[" + db + "] stack=many command=[Gaussian Blur...] options=[sigma=3] budget=0");
watched = split(call(probe + "stopWatching"), "|");
print("STATUS " + watched[0]);
print("BAR " + watched[2]);
ok("status shows plane i of N", (indexOf(watched[0], "Apply to Every Plane: plane 7 of 12") >= 0));
ok("the bar never went back", (watched[1] == "0"));

call(probe + "shootWindow", "ImageJ", shots + "/imagej.png");
call(probe + "menuSession", "gdel", shots, logFile); // after this macro: the menu as a person uses it
print("MACRO DONE");

// an error stops the macro, with ImageJ's "Macro Error" dialog naming it (as ImageJ's own commands do)
call(probe + "answer", "Macro Error", "OK");
run("Convert Stack Type...", "database=[" + db + "] stack=nope type=uint8 budget=0");
print("AFTER THE ERROR");
