/**
 * A training run on disk and the loop that writes it: {@link bnlab.run.RunDirectory} (creating a
 * run and its checkpoints atomically), {@link bnlab.run.RunConfig} and {@link bnlab.run.RunMetrics}
 * (the only readers and writers of {@code config.json} and {@code metrics.json}), {@link
 * bnlab.run.SavedRun} (a run read back), {@link bnlab.run.CheckpointedTraining} (train an epoch,
 * checkpoint it) and {@link bnlab.run.Resumption} (continuing a saved run). Uses {@code train},
 * {@code model}, {@code nn} (the from-scratch layer's saved options), {@code data}, {@code io} and
 * {@code errors}; knows nothing of the command line.
 */
package bnlab.run;
