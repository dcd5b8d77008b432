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

  public static final List<DemoStep> STEPS = List.of(
      new ConnectionStep(), new BasicOperationsStep(), new LargeDatasetStep(), new CustomExchangeStep(),
      new BenchmarkStep());

  private final List<DemoStep> steps;

  public DemoWalkthrough(List<DemoStep> steps) {
    this.steps = List.copyOf(steps);
  }

  public Outcome run(DemoSession session) {
    DemoConsole console = session.console();
    for (int i = 0; i < steps.size(); i++) {
      DemoStep step = steps.get(i);
      String name = "step " + (i + 1) + " (" + step.title() + ")";
      console.heading("Step " + (i + 1) + "/" + steps.size() + ": " + step.title());
      try {
        step.run(session);
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
