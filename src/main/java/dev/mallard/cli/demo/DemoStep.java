package dev.mallard.cli.demo;

/** One step of the walkthrough. It returns only when everything it did was verified. */
@FunctionalInterface
public interface DemoStep {
  /** @throws StepFailed when data did not verify or a server refused; other exceptions also fail the step */
  void run(DemoSession session) throws Exception;
}
