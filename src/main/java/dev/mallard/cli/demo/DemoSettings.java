package dev.mallard.cli.demo;

import java.nio.file.Path;

/**
 * What the user asked for.
 *
 * @param dataset the flights file to use
 * @param generateRows rows to generate into {@code dataset} if it is missing; 0 for a user's own file, never generated
 * @param batchSize rows per Arrow batch everywhere the demo streams
 * @param repetitions measured runs per operation in the benchmark step (after one warm-up)
 * @param reportFile where the benchmark report goes
 */
public record DemoSettings(Path dataset, long generateRows, int batchSize, int repetitions, Path reportFile) {}
