/**
 * Training and evaluating one network in memory: {@link bnlab.train.ClassifierTrainer} (an epoch of
 * mini-batches, seeded shuffles, divergence checks), {@link bnlab.train.Inference} (the one batched
 * inference loop), {@link bnlab.train.PopulationStatistics} (recalibrated batch-norm statistics),
 * the settings ({@link bnlab.train.TrainingConfig}) and per-epoch results. Knows nothing of files
 * on disk ({@code run}) or the command line. Uses {@code model}, {@code data}, {@code nn} (the
 * normalizer kinds inference treats apart) and {@code errors}.
 */
package bnlab.train;
