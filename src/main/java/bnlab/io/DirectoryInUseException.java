package bnlab.io;

import bnlab.errors.UserInputError;
import java.nio.file.Path;
import java.util.Map;

/**
 * Another process holds a {@link DirectoryClaim} on a directory: it is writing there now (or ran on
 * another host, where bnlab cannot tell). The message is one line naming the directory and the
 * claimant; exit 2, since the user chose the directory.
 */
public final class DirectoryInUseException extends IllegalArgumentException
        implements UserInputError {
    private static final long serialVersionUID = 1L;

    /**
     * @param dir the directory
     * @param claimFile its claim file
     * @param holder the claim's fields, or null if the file is not a claim bnlab can read
     */
    DirectoryInUseException(Path dir, Path claimFile, Map<String, String> holder) {
        super(
                dir
                        + " is in use by "
                        + (holder == null
                                ? "another process (" + claimFile + " is not readable as a claim)"
                                : "another bnlab process (pid "
                                        + holder.get("pid")
                                        + (holder.get("host").isEmpty()
                                                ? ""
                                                : " on " + holder.get("host"))
                                        + ")")
                        + "; wait for it to finish or choose another directory (if no such"
                        + " process runs, delete "
                        + claimFile
                        + ")");
    }
}
