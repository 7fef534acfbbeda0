/**
 * The chapter's network: {@link bnlab.model.LeNet} built from a {@link bnlab.model.NetworkConfig}
 * (a normalizer per site, its position, bias, affine, dropout, activation), the presets {@link
 * bnlab.model.Variant}, and how a built network is read back ({@link bnlab.model.BatchNormBlock},
 * {@link bnlab.model.LayerListing}). Uses {@code nn} and the image size from {@code data}.
 */
package bnlab.model;
