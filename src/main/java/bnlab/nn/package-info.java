/**
 * Batch normalization, its "lite" halves and its replacements as pure functions of NDArrays ({@link
 * bnlab.nn.BatchNormOps}, {@link bnlab.nn.LiteNormOps}, {@link bnlab.nn.GroupNormOps}, {@link
 * bnlab.nn.BatchRenormOps}), with the formulas in their javadoc, and the thin DJL blocks that hold
 * their parameters and moving statistics ({@link bnlab.nn.ScratchBatchNorm}, {@link
 * bnlab.nn.LiteNorm}, {@link bnlab.nn.GroupNorm}), and how they overwrite arrays in place ({@link
 * bnlab.nn.InPlace}). Uses DJL only: the math stays free of data, training and the command line.
 */
package bnlab.nn;
