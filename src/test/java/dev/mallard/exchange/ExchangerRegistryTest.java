package dev.mallard.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mallard.exchange.testplugin.ClashingEchoExchanger;
import dev.mallard.exchange.testplugin.RowCountExchanger;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExchangerRegistryTest {
  @Test
  void listsTheBuiltInsAndThePluginFromTheClasspathSortedByName() {
    ExchangerRegistry registry = ExchangerRegistry.load();
    List<String> expected = new ArrayList<>();
    for (Exchanger builtIn : ExchangerRegistry.builtIns()) {
      expected.add(builtIn.name());
    }
    expected.add(new RowCountExchanger().name());
    expected.sort(null);

    List<String> listed = registry.list().stream().map(ExchangerRegistry.Entry::name).collect(Collectors.toList());
    assertEquals(expected, listed);
    assertTrue(listed.containsAll(List.of("echo", "my_streaming_exchanger", "sql", "aggregate")), listed.toString());
    for (ExchangerRegistry.Entry entry : registry.list()) {
      assertTrue(!entry.description().isBlank() && !entry.description().contains("\n"), entry.toString());
    }
  }

  @Test
  void findsThePluginByName() throws Exception {
    Exchanger plugin = ExchangerRegistry.load().get("test_row_count");
    assertInstanceOf(RowCountExchanger.class, plugin);

    try (ExchangeHarness harness = new ExchangeHarness()) {
      harness.generate("src", 20_000);
      try (CapturingSink sink = new CapturingSink(harness, "out")) {
        harness.run(plugin, Map.of(), "SELECT * FROM src", sink);
        assertEquals(20_000, harness.queryLong("SELECT \"rows\" FROM out"));
      }
    }
  }

  @Test
  void anUnknownNameListsTheAvailableOnes() {
    ExchangerRegistry registry = ExchangerRegistry.load();
    IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> registry.get("ech"));
    String names = registry.list().stream().map(ExchangerRegistry.Entry::name).collect(Collectors.joining(", "));
    assertEquals("unknown exchanger 'ech'; available: " + names, error.getMessage());
  }

  @Test
  void duplicateNamesAreRejected() {
    IllegalStateException error = assertThrows(IllegalStateException.class,
        () -> ExchangerRegistry.of(List.of(new EchoExchanger(), new ClashingEchoExchanger())));
    assertTrue(error.getMessage().contains("'echo'"), error.getMessage());
    assertTrue(error.getMessage().contains(EchoExchanger.class.getName()), error.getMessage());
    assertTrue(error.getMessage().contains(ClashingEchoExchanger.class.getName()), error.getMessage());
  }

  @Test
  void aPluginClashingWithABuiltInStopsTheRegistryLoading(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + Exchanger.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, ClashingEchoExchanger.class.getName() + "\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> ExchangerRegistry.load(loader));
      assertTrue(error.getMessage().contains("two exchangers are named 'echo'"), error.getMessage());
    }
  }

  @Test
  void aBrokenPluginEntryIsReportedClearly(@TempDir Path dir) throws Exception {
    Path services = dir.resolve("META-INF/services/" + Exchanger.class.getName());
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.example.NoSuchExchanger\n");
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
      IllegalStateException error = assertThrows(IllegalStateException.class, () -> ExchangerRegistry.load(loader));
      assertTrue(error.getMessage().contains("com.example.NoSuchExchanger"), error.getMessage());
    }
  }
}
