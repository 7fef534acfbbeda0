package bnlab.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import bnlab.testing.ManagerPerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Writes land in the array itself, where its other holders see them, and leave nothing behind. */
@ExtendWith(ManagerPerTest.class)
class InPlaceTest {

    @Test
    void hostValuesAreWrittenIntoTheArrayItself(NDManager manager) {
        NDArray target = manager.zeros(new Shape(2, 2));
        int held = ManagerPerTest.openArrays(manager);
        InPlace.write(target, new float[] {1, 2, 3, 4});
        assertArrayEquals(new float[] {1, 2, 3, 4}, target.toFloatArray());
        assertEquals(new Shape(2, 2), target.getShape());
        assertEquals(held, ManagerPerTest.openArrays(manager));
    }

    @Test
    void anArrayIsCopiedIntoTheArrayItself(NDManager manager) {
        NDArray target = manager.zeros(new Shape(3));
        InPlace.copy(target, manager.create(new float[] {5, 6, 7}));
        assertArrayEquals(new float[] {5, 6, 7}, target.toFloatArray());
    }
}
