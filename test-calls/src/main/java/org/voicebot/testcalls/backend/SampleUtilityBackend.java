package org.voicebot.testcalls.backend;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small, real HTTP backend for the sample {@code utility-support} dialog: a handful of accounts and
 * outage areas, JSON in and out. It runs in-process for the demo and the scenario tests; a business
 * points the gateway's {@code backend.url} at its own system instead.
 *
 * <p>Accounts: 40012345 (owes 45.50), 40054321 (owes nothing), 40099999 (closed), 40050000 (the
 * backend fails with HTTP 500: the "backend down" path). ZIP codes with a known outage: 90210 (power),
 * 10001 (water). Card numbers must pass the Luhn check; 4000000000000002 is declined.
 */
public final class SampleUtilityBackend {

  /** Account data the sample knows. */
  record Account(String number, BigDecimal due, int dueInDays, boolean closed) {}

  /** A known outage in a ZIP code area. */
  record Outage(String postalCode, String service, String cause, String estimate, String ticket) {}

  static final Map<String, Account> ACCOUNTS = Map.of(
      "40012345", new Account("40012345", new BigDecimal("45.50"), 16, false),
      "40054321", new Account("40054321", BigDecimal.ZERO.setScale(2), 0, false),
      "40099999", new Account("40099999", BigDecimal.ZERO.setScale(2), 0, true));
  static final String FAILING_ACCOUNT = "40050000";
  static final String DECLINED_CARD = "4000000000000002";
  static final Map<String, Outage> OUTAGES = Map.of(
      "90210", new Outage("90210", "power", "a damaged power line", "around 8 p.m. tonight", "771204"),
      "10001", new Outage("10001", "water", "a burst water main", "tomorrow morning", "771377"));

  private final Vertx vertx;
  private final Clock clock;
  private final AtomicInteger nextNumber = new AtomicInteger(880100);
  private final AtomicLong requests = new AtomicLong();
  private HttpServer server;

  public SampleUtilityBackend(Vertx vertx, Clock clock) {
    this.vertx = vertx;
    this.clock = clock;
  }

  /** Listens on 127.0.0.1:{@code port} (0: any free port); completes with the base URL. */
  public Future<String> start(int port) {
    Router r = Router.router(vertx);
    r.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
    r.post("/balance").handler(this::balance);
    r.post("/payment").handler(this::payment);
    r.post("/outage-report").handler(this::outageReport);
    r.post("/outage-status").handler(this::outageStatus);
    r.post("/service-order").handler(this::serviceOrder);
    server = vertx.createHttpServer();
    return server.requestHandler(r).listen(port, "127.0.0.1")
        .map(s -> "http://127.0.0.1:" + s.actualPort());
  }

  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Requests served so far (tests check the gateway really called). */
  public long requests() {
    return requests.get();
  }

  private JsonObject body(RoutingContext ctx) {
    requests.incrementAndGet();
    JsonObject b;
    try {
      b = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      b = null;
    }
    if (b == null) {
      ctx.response().setStatusCode(400).putHeader("Content-Type", "application/json")
          .end(new JsonObject().put("error", "expected a JSON object").encode());
    }
    return b;
  }

  private static void reply(RoutingContext ctx, JsonObject json) {
    ctx.response().putHeader("Content-Type", "application/json").end(json.encode());
  }

  private void balance(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b == null) {
      return;
    }
    String number = b.getString("account", "");
    if (number.equals(FAILING_ACCOUNT)) {
      ctx.response().setStatusCode(500).end("{\"error\":\"billing database unavailable\"}");
      return;
    }
    Account a = ACCOUNTS.get(number);
    if (a == null) {
      reply(ctx, new JsonObject().put("result", "not_found"));
    } else if (a.closed()) {
      reply(ctx, new JsonObject().put("result", "closed"));
    } else if (a.due().signum() == 0) {
      reply(ctx, new JsonObject().put("result", "nothing_due"));
    } else {
      reply(ctx, new JsonObject().put("result", "ok").put("amount_due", a.due().toPlainString())
          .put("due_date", LocalDate.now(clock).plusDays(a.dueInDays()).toString()));
    }
  }

  private void payment(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b == null) {
      return;
    }
    String card = b.getString("card", "");
    BigDecimal amount;
    try {
      amount = new BigDecimal(b.getString("amount", ""));
    } catch (NumberFormatException e) {
      reply(ctx, new JsonObject().put("result", "bad_amount"));
      return;
    }
    if (amount.signum() <= 0 || amount.compareTo(new BigDecimal("5000")) > 0) {
      reply(ctx, new JsonObject().put("result", "bad_amount"));
    } else if (!luhn(card) || card.equals(DECLINED_CARD)) {
      reply(ctx, new JsonObject().put("result", "declined"));
    } else {
      reply(ctx, new JsonObject().put("result", "ok").put("confirmation", Integer.toString(nextNumber.incrementAndGet())));
    }
  }

  private void outageReport(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b == null) {
      return;
    }
    Outage o = OUTAGES.get(b.getString("postal_code", ""));
    if (o != null) {
      reply(ctx, new JsonObject().put("result", "known").put("ticket", o.ticket()).put("estimate", o.estimate())
          .put("cause", o.cause()));
    } else {
      reply(ctx, new JsonObject().put("result", "ok").put("ticket", Integer.toString(nextNumber.incrementAndGet()))
          .put("estimate", "within four hours"));
    }
  }

  private void outageStatus(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b == null) {
      return;
    }
    Outage o = OUTAGES.get(b.getString("postal_code", ""));
    if (o == null) {
      reply(ctx, new JsonObject().put("result", "none"));
    } else {
      reply(ctx, new JsonObject().put("result", "outage").put("service", o.service()).put("cause", o.cause())
          .put("estimate", o.estimate()));
    }
  }

  private void serviceOrder(RoutingContext ctx) {
    JsonObject b = body(ctx);
    if (b == null) {
      return;
    }
    String type = b.getString("type", "");
    if (!java.util.Set.of("start", "stop", "move", "contact").contains(type)) {
      reply(ctx, new JsonObject().put("result", "bad_request"));
      return;
    }
    reply(ctx, new JsonObject().put("result", "ok").put("reference", Integer.toString(nextNumber.incrementAndGet())));
  }

  static boolean luhn(String digits) {
    if (digits == null || !digits.matches("\\d{13,19}")) {
      return false;
    }
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (dbl) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      dbl = !dbl;
    }
    return sum % 10 == 0;
  }
}
