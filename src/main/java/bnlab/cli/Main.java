package bnlab.cli;

/** Entry point of the {@code bnlab} command. */
public final class Main {

    private Main() {}

    /** Runs the command line and exits with its code (0 ok, 1 failure, 2 bad usage or input). */
    public static void main(String[] args) {
        System.exit(BnlabCommand.newCommandLine().execute(args));
    }
}
