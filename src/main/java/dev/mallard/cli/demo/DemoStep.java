package dev.mallard.cli.demo;

/** One step of the walkthrough. It returns only when everything it did was verified. */
public interface DemoStep {
  String title();

  /** @throws StepFailed when data did not verify or a server refused; other exceptions also fail the step */
  void run(DemoSession session) throws Exception;
}
