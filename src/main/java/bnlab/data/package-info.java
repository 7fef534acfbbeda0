/**
 * Fashion-MNIST: finding the four files, reading and validating IDX files ({@link
 * bnlab.data.IdxReader}), the splits held in memory ({@link bnlab.data.Split}) and converting user
 * images for prediction. Failures caused by bad files are {@link bnlab.data.DataException}s. Uses
 * {@code errors} only.
 */
package bnlab.data;
