/**
 * Folding inference-mode batch norm into the preceding convolution or linear layer ({@link
 * bnlab.fold.BatchNormFolding}) and checking that the folded network predicts as the original
 * ({@link bnlab.fold.FoldCheck}).
 */
package bnlab.fold;
