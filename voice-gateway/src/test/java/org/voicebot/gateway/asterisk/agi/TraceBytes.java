package org.voicebot.gateway.asterisk.agi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Byte-exact copies of what Asterisk 22.10.1 sent in /work/shared/asterisk-traces/05-fastagi.json
 * (the header lines and the A->S lines after them, each ending in LF), kept as test resources.
 */
final class TraceBytes {

  /** Local/250@trace-agi: header with agi_arg_1/2. */
  static final String SESSION1_HEADER = "agi/05-session1-header.bin";
  /** Transcript 1's replies: 510, 520, 511, result=-2, (data), endpos, HANGUP between a command and its reply. */
  static final String SESSION1_REPLIES = "agi/05-session1-replies.bin";
  /** Transcript 3: result=-1 endpos=20000, HANGUP, then the GET VARIABLE reply. */
  static final String SESSION3_REPLIES = "agi/05-session3-replies.bin";
  /** PJSIP/sipp-00000002: the SIP caller's header, no agi_arg_*. */
  static final String SESSION4_PJSIP_HEADER = "agi/05-session4-pjsip-header.bin";

  private TraceBytes() {}

  static byte[] load(String resource) {
    try (InputStream in = TraceBytes.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " not on the test classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
