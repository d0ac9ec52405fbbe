package org.voicebot.gateway.media;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ties an incoming media connection to its call by the UUID the call announced (the externalMedia
 * {@code data} or the AudioSocket() argument). A UUID nobody expects is refused.
 */
public final class MediaRegistry {

  private final Map<UUID, MediaListener> expected = new ConcurrentHashMap<>();

  public void expect(UUID uuid, MediaListener listener) {
    expected.put(uuid, listener);
  }

  /** Takes the listener for {@code uuid}: each UUID connects once. */
  public Optional<MediaListener> claim(UUID uuid) {
    return Optional.ofNullable(expected.remove(uuid));
  }

  public void forget(UUID uuid) {
    expected.remove(uuid);
  }

  public int pending() {
    return expected.size();
  }
}
