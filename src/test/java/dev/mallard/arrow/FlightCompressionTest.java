package dev.mallard.arrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStatusCode;
import org.junit.jupiter.api.Test;

/** What a compressed call meets when Arrow's private field is gone, and that today it is there. */
class FlightCompressionTest {

  @Test
  void theFieldThisArrowVersionHasIsFound() {
    assertNotNull(FlightCompression.FieldLookup.of("org.apache.arrow.flight.OutboundStreamListenerImpl", "unloader")
        .require());
  }

  @Test
  void aRenamedFieldFailsOnlyWhenRequiredWithUnimplemented() {
    FlightCompression.FieldLookup renamed =
        FlightCompression.FieldLookup.of("org.apache.arrow.flight.OutboundStreamListenerImpl", "vectorUnloader");
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class, renamed::require);
    assertEquals(FlightStatusCode.UNIMPLEMENTED, e.status().code());
    assertTrue(e.getMessage().contains("IPC compression is unavailable; ask for none"), e.getMessage());
    assertTrue(e.getMessage().contains("OutboundStreamListenerImpl.vectorUnloader"), e.getMessage());
  }

  @Test
  void aMissingClassFailsTheSameWay() {
    FlightRuntimeException e = assertThrows(FlightRuntimeException.class,
        () -> FlightCompression.FieldLookup.of("org.apache.arrow.flight.NoSuchListener", "unloader").require());
    assertEquals(FlightStatusCode.UNIMPLEMENTED, e.status().code());
  }
}
