package dev.mallard.cli;

import dev.mallard.report.RegressionCheck;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** {@code --threshold}, shared by {@code compare} and {@code gate} so both read it the same way. */
final class RegressionThreshold {
  @Option(names = "--threshold", paramLabel = "T", defaultValue = "10%", converter = Converter.class,
      description = "Slowdown that counts as a regression, e.g. 10%% or 0.1 (default: ${DEFAULT-VALUE})")
  double value;

  static final class Converter implements ITypeConverter<Double> {
    @Override
    public Double convert(String text) {
      try {
        return RegressionCheck.parseThreshold(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
