package bnlab.testing;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands an {@link NDManager} to any parameter of that type of a test, {@code @BeforeEach} or
 * {@code @BeforeAll} method, and closes it when its scope ends: a test and its {@code @BeforeEach}
 * share one manager, closed after the test; a manager asked for by {@code @BeforeAll} lives until
 * the class is done (and its tests then share it). Every array made in it is freed with it, so no
 * test leaks native memory into the next.
 *
 * <pre>{@code
 * @ExtendWith(ManagerPerTest.class)
 * class SomeTest {
 *     @Test
 *     void adds(NDManager manager) { ... }
 * }
 * }</pre>
 */
public final class ManagerPerTest implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(ManagerPerTest.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == NDManager.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        // The store closes what it holds (AutoCloseable) when its test or class ends.
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        "manager", key -> NDManager.newBaseManager(), NDManager.class);
    }

    /**
     * The arrays {@code manager} itself still holds open, for leak checks: a count that grows from
     * batch to batch is memory that only closing the manager would free.
     */
    public static int openArrays(NDManager manager) {
        int open = 0;
        for (NDArray a : ((BaseNDManager) manager).getManagedArrays()) {
            open += a.isReleased() ? 0 : 1;
        }
        return open;
    }
}
