package dev.mallard.exchange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The exchangers a server offers, by name: the built-ins plus any plugins on the classpath.
 *
 * <p>A plugin is a class implementing {@link Exchanger} with a public no-argument constructor,
 * registered the {@link ServiceLoader} way: a jar (or classes directory) on the server's classpath
 * holding a file {@code META-INF/services/dev.mallard.exchange.Exchanger} that lists the class's
 * binary name, one per line, e.g. {@code com.example.MyExchanger}. Names must be unique across
 * built-ins and plugins; a clash stops the registry from loading rather than letting one
 * exchanger silently hide another.
 */
public final class ExchangerRegistry {
  /** One line of the {@code list_exchangers} action. */
  public record Entry(String name, String description) {}

  private final Map<String, Exchanger> byName;

  private ExchangerRegistry(Map<String, Exchanger> byName) {
    this.byName = byName;
  }

  public static List<Exchanger> builtIns() {
    return List.of(new EchoExchanger(), new ProcessedFlagExchanger(), new SqlExchanger(), new AggregateExchanger());
  }

  /** Built-ins and the plugins visible to this class's class loader. */
  public static ExchangerRegistry load() {
    return load(ExchangerRegistry.class.getClassLoader());
  }

  public static ExchangerRegistry load(ClassLoader classLoader) {
    List<Exchanger> all = new ArrayList<>(builtIns());
    try {
      for (Exchanger plugin : ServiceLoader.load(Exchanger.class, classLoader)) {
        all.add(plugin);
      }
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("could not load an exchanger plugin listed in META-INF/services/"
          + Exchanger.class.getName() + ": " + e.getMessage(), e);
    }
    return of(all);
  }

  /** A registry of exactly {@code exchangers}; names must be non-blank and unique. */
  public static ExchangerRegistry of(List<Exchanger> exchangers) {
    Map<String, Exchanger> byName = new TreeMap<>();
    for (Exchanger exchanger : exchangers) {
      String name = exchanger.name();
      if (name == null || name.isBlank()) {
        throw new IllegalStateException("exchanger " + exchanger.getClass().getName() + " has no name");
      }
      Exchanger previous = byName.putIfAbsent(name, exchanger);
      if (previous != null) {
        throw new IllegalStateException("two exchangers are named '" + name + "': " + previous.getClass().getName()
            + " and " + exchanger.getClass().getName() + "; rename one or remove it from the classpath");
      }
    }
    return new ExchangerRegistry(Collections.unmodifiableMap(byName));
  }

  /** The exchanger called {@code name}, or an error listing the ones there are. */
  public Exchanger get(String name) {
    Exchanger exchanger = name == null ? null : byName.get(name);
    if (exchanger == null) {
      throw new IllegalArgumentException(
          "unknown exchanger '" + name + "'; available: " + String.join(", ", byName.keySet()));
    }
    return exchanger;
  }

  /** Every exchanger's name and description, sorted by name. */
  public List<Entry> list() {
    List<Entry> entries = new ArrayList<>();
    for (Exchanger exchanger : byName.values()) {
      String description = exchanger.description();
      entries.add(new Entry(exchanger.name(), description == null ? "" : description));
    }
    return entries;
  }
}
