/**
 * The {@code bnlab} command line: one picocli command per verb, option mixins, progress output,
 * signal handling and the one mapping from exceptions to exit codes ({@link
 * bnlab.cli.BnlabCommand}). Commands parse, call the library and print; training, run-directory and
 * file logic lives in the other packages.
 */
package bnlab.cli;
