/**
 * Test support shared by the test classes of every package: array assertions ({@link
 * bnlab.testing.NdAssert}), an {@code NDManager} per test ({@link bnlab.testing.ManagerPerTest}),
 * Gaussian inputs ({@link bnlab.testing.Gaussian}), random in-memory splits ({@link
 * bnlab.testing.RandomSplits}), the real data and its check ({@link bnlab.testing.RealData}), a run
 * trained once per JVM ({@link bnlab.testing.TinyRun}), its test images as pictures ({@link
 * bnlab.testing.GrayImages}), training settings that differ only in size ({@link
 * bnlab.testing.TrainingConfigs}), and ways to run a {@code bnlab} command line written as typed
 * ({@link bnlab.testing.CommandWords}) in-process ({@link bnlab.testing.CommandRunner}) or as its
 * own JVM ({@link bnlab.testing.BnlabProcess}).
 *
 * <p>Unit tests ({@code *Test}, run by surefire) use no real data and start no process; tests that
 * read the real Fashion-MNIST files, start JVMs or drive whole commands are {@code *IT} (run by
 * failsafe in {@code verify}).
 */
package bnlab.testing;
