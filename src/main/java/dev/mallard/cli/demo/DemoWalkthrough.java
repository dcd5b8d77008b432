package dev.mallard.cli.demo;

import java.util.List;

/** Runs the steps in order and stops at the first that fails: later steps need earlier steps' data. */
public final class DemoWalkthrough {
  /** How the walkthrough ended; {@code failedStep} is null when every step verified. */
  public record Outcome(String failedStep, String reason) {
    public boolean passed() {
      return failedStep == null;
    }
  }

  /** A step and the heading it runs under. */
  public record Step(String title, DemoStep action) {}

  public static final List<Step> STEPS = List.of(
      new Step("Connection", new ConnectionStep()),
      new Step("Basic operations", new BasicOperationsStep()),
      new Step("Large dataset", new LargeDatasetStep()),
      new Step("Custom exchange", new CustomExchangeStep()),
      new Step("Benchmark report", new BenchmarkStep()));

  private final List<Step> steps;

  public DemoWalkthrough(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public Outcome run(DemoSession session) {
    DemoConsole console = session.console();
    for (int i = 0; i < steps.size(); i++) {
      Step step = steps.get(i);
      String name = "step " + (i + 1) + " (" + step.title() + ")";
      console.heading("Step " + (i + 1) + "/" + steps.size() + ": " + step.title());
      try {
        step.action().run(session);
      } catch (StepFailed e) {
        return failed(console, name, e.getMessage());
      } catch (Exception e) {
        return failed(console, name, describe(e));
      }
    }
    console.line("");
    console.success("All " + steps.size() + " steps verified their data.");
    return new Outcome(null, null);
  }

  private static Outcome failed(DemoConsole console, String name, String reason) {
    console.failure(name + ": " + reason);
    return new Outcome(name, reason);
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.toString() : message;
  }
}
