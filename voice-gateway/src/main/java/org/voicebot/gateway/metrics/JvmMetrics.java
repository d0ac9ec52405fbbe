package org.voicebot.gateway.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.WeakHashMap;

/** JVM and process metrics from Micrometer's own binders: memory, GC, threads, classes, CPU, uptime. */
public final class JvmMetrics implements AutoCloseable {

  /** Registries already bound: binding twice would attach a second GC listener and count pauses twice. */
  private static final Map<MeterRegistry, JvmMetrics> BOUND = new WeakHashMap<>();

  private final MeterRegistry registry;
  private final JvmGcMetrics gc;

  private JvmMetrics(MeterRegistry registry, JvmGcMetrics gc) {
    this.registry = registry;
    this.gc = gc;
  }

  /**
   * Binds the JVM metrics once per registry (a second call returns the first handle); {@link #close()}
   * stops the GC listener.
   */
  public static synchronized JvmMetrics bindTo(MeterRegistry registry) {
    JvmMetrics existing = BOUND.get(registry);
    if (existing != null) {
      return existing;
    }
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    JvmMetrics bound = new JvmMetrics(registry, gc);
    BOUND.put(registry, bound);
    return bound;
  }

  /** A Prometheus registry with the JVM metrics already bound ({@link #bindTo} on it returns that binding). */
  public static PrometheusMeterRegistry newPrometheusRegistry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    bindTo(registry);
    return registry;
  }

  @Override
  public void close() {
    synchronized (JvmMetrics.class) {
      BOUND.remove(registry, this);
    }
    gc.close();
  }
}
