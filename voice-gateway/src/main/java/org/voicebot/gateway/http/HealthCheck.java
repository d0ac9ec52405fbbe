package org.voicebot.gateway.http;

/**
 * Reports the gateway's health for {@code GET /health}. Called on an event-loop thread for each
 * request: it must only read state the components keep up to date, never probe or block.
 */
@FunctionalInterface
public interface HealthCheck {
  Health check();
}
