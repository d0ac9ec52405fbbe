package org.voicebot.gateway.call;

import org.voicebot.gateway.media.MediaListener;

/** What a telephony edge tells a call (the seam that lets an edge be tested without speech engines). */
public interface CallHandle extends MediaListener {

  /** The call is answered: begin the dialog. */
  void start();

  /** The caller hung up, or left in some other way the bot did not cause. */
  void callerGone();
}
