package org.imagestack.sql;

import java.text.Normalizer;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.imagestack.cache.MemoryPressure;

/**
 * The rules a database stack is named and budgeted by when it is opened: the name a saved stack is looked up by, the
 * names generated for new stacks and copies, and the heap budget (the default, and what a budget may be).
 */
public final class StackRules {

	private static final DateTimeFormatter NAME_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

	private StackRules() {}

	/** @return a name to look a saved stack up by: in NFC, as names are saved (not checked: old names stay reachable) */
	public static String lookupName(final String stackName) {
		if (stackName == null) throw new NullPointerException("stack name is null");
		return Normalizer.normalize(stackName, Normalizer.Form.NFC);
	}

	/** @return {@code base-yyyyMMdd-HHmmss}, with a counter appended when that name is among {@code taken} */
	static String uniqueName(final List<String> taken, final String base) {
		final String stem = base + "-" + LocalDateTime.now().format(NAME_TIME);
		String name = stem;
		for (int k = 2; taken.contains(name); k++)
			name = stem + "-" + k;
		return name;
	}

	/** @return the default heap budget in MB (see {@link SqlImageStack#defaultBudgetMb()}) */
	static double defaultBudgetMb() {
		return Math.max(8.0, MemoryPressure.maxHeap() / 4.0 / 1024 / 1024);
	}

	/** @return the budget in bytes for {@code maxSizeMb} (0: the default) */
	static long budgetBytes(final double maxSizeMb) {
		if (Double.isNaN(maxSizeMb) || Double.isInfinite(maxSizeMb) || maxSizeMb < 0)
			throw new IllegalArgumentException("The heap budget must be a finite number of megabytes ≥ 0 (0: " +
				"automatic), not " + maxSizeMb);
		return (long) ((maxSizeMb == 0 ? defaultBudgetMb() : maxSizeMb) * 1024 * 1024);
	}
}
