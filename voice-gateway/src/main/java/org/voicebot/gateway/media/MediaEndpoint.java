package org.voicebot.gateway.media;

/** The call's side of a media connection: how bot audio reaches the line. */
public interface MediaEndpoint {

  /** Sends one frame of 8 kHz signed-linear little-endian audio (normally 320 bytes = 20 ms). */
  void sendAudio(byte[] slin);

  /** Asks the other side to hang up this media leg, then closes it. */
  void hangup();

  /** Closes the media leg without a hangup frame. */
  void close();

  boolean isOpen();
}
