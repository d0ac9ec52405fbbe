package org.voicebot.gateway.asterisk.agi;

/** What Asterisk sends after the header block: a reply to the current command, or the HANGUP notice. */
public sealed interface AgiMessage permits AgiReply, AgiMessage.Hangup {

  /**
   * The asynchronous {@code HANGUP} line: the channel hung up. It may arrive at any time, also between a
   * command and its reply (trace 05, transcripts 1 and 3); the reply still follows.
   */
  record Hangup() implements AgiMessage {}
}
