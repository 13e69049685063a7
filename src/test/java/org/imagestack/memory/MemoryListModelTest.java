package org.imagestack.memory;

import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import org.imagestack.ImageStack;
import org.imagestack.PixelType;
import org.imagestack.stack.ModelChecker;
import org.imagestack.stack.StackOp;

/**
 * The model-based test of the {@code List} contract on the in-memory stack: random sequences of steps compared with a
 * plain list of pixel arrays after every step (see {@link ModelChecker}). More tries:
 * {@code mvn test -Dtest=MemoryListModelTest -Djqwik.tries.default=5000} (a try count in the annotation wins, so
 * the annotation reads it from the {@code listModel.tries} property).
 */
class MemoryListModelTest {

	static final ModelChecker.Backend MEMORY = new ModelChecker.Backend() {

		@Override
		public ImageStack create(final PixelType type) {
			return new MemoryImageStack(type);
		}

		@Override
		public boolean saves() {
			return false;
		}

		@Override
		public void save(final ImageStack s) {}

		@Override
		public void reload(final ImageStack s) {}

		@Override
		public ImageStack reopen(final ImageStack s) {
			return s;
		}

		@Override
		public void dispose(final ImageStack s) {}
	};

	@Property
	void theMemoryStackFollowsTheModel(@ForAll("steps") final List<StackOp> steps) {
		ModelChecker.check(MEMORY, steps);
	}

	/** The shrunk failures of the items of issue 23 put back (see {@link StackOp#regressions()}). */
	@Example
	void theShrunkFailuresStayFixed() {
		for (final List<StackOp> steps : StackOp.regressions())
			ModelChecker.check(MEMORY, steps);
	}

	@Provide
	Arbitrary<List<StackOp>> steps() {
		return StackOp.sequences(12);
	}
}
