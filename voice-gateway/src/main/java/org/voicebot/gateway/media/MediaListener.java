package org.voicebot.gateway.media;

/** What the media edge delivers to a call. Called on the media connection's event loop. */
public interface MediaListener {

  void onMediaConnected(MediaEndpoint endpoint);

  /** One frame of caller audio, 8 kHz signed-linear little-endian. */
  void onAudio(byte[] slin);

  void onDtmf(char digit);

  /** The media leg ended: {@code problem} is null for a normal hangup/close, else what went wrong. */
  void onMediaClosed(String problem);
}
