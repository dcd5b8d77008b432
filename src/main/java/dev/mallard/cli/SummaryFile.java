package dev.mallard.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** The extra copy of a command's summary (e.g. {@code $GITHUB_STEP_SUMMARY}) that {@code --out} asks for. */
final class SummaryFile {
  private SummaryFile() {}

  /** Writes {@code text} to {@code file} if one was given; false, with the reason on stderr, if it cannot. */
  static boolean write(Path file, String text, PrintWriter stderr, String command) {
    if (file == null) {
      return true;
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.writeString(file, text);
      return true;
    } catch (IOException e) {
      stderr.println("mallard " + command + ": cannot write " + file + ": " + e.getMessage());
      stderr.flush();
      return false;
    }
  }
}
