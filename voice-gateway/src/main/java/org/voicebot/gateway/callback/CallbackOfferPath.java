package org.voicebot.gateway.callback;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.voicebot.dialog.events.CallEvent;
import org.voicebot.dialog.events.EventType;
import org.voicebot.gateway.asterisk.agi.AgiCommand;
import org.voicebot.gateway.asterisk.agi.AgiRequest;
import org.voicebot.gateway.asterisk.agi.AgiSession;
import org.voicebot.gateway.events.CallEventLog;
import org.voicebot.gateway.media.MediaEndpoint;
import org.voicebot.gateway.media.MediaListener;
import org.voicebot.gateway.media.MediaRegistry;
import org.voicebot.gateway.media.vad.Endpointer;
import org.voicebot.gateway.speech.SpeechServices;
import org.voicebot.gateway.tts.Pcm;

/**
 * The second FastAGI script, {@code agi://host:port/voicebot-callback,<summary URL>}: the dialplan runs it when
 * no agent answered in time. Like {@code AgiCallPath} it takes the audio with {@code EXEC AudioSocket}; the
 * bot says why the caller is still waiting and offers a call back (1, "call me back") or a message (2,
 * "message"). A call back is recorded ({@link CallbackRegistry}, event {@code callback_requested} on the bot's
 * call), confirmed and ends with {@code BOT_CALLBACK=requested}; a message ends with {@code BOT_CALLBACK=message}
 * and the dialplan runs VoiceMail(). No answer or an unclear one is asked once more, then goes to voicemail: never
 * endless silence. If anything fails the AGI connection closes without {@code BOT_CALLBACK}, and the dialplan
 * goes to voicemail as it would without the gateway.
 */
public final class CallbackOfferPath {

  private static final Logger log = LoggerFactory.getLogger(CallbackOfferPath.class);

  public static final String SCRIPT = "voicebot-callback";
  public static final String VARIABLE = "BOT_CALLBACK";
  public static final String OFFER = "I'm sorry, all our colleagues are still busy. To be called back on this"
      + " number, press 1 or say call me back. To leave a message, press 2 or say message.";
  public static final String AGAIN = "Sorry, I didn't get that. Press 1 or say call me back, or press 2 or say"
      + " message.";
  public static final String CONFIRMED = "Thank you. A colleague will call you back on this number as soon as"
      + " possible. Goodbye.";
  public static final String TO_VOICEMAIL = "Alright, I will put you through to our voicemail.";

  private static final Pattern CALL_IN_URL = Pattern.compile("/calls/([^/]+)/summary\\.wav$");
  private static final int FRAME_SAMPLES = 160;

  /**
   * @param answerTimeoutMs how long the caller has to answer after the offer has been said
   * @param mediaTimeoutMs how long to wait for Asterisk's AudioSocket before giving up (the dialplan goes to voicemail)
   */
  public record Settings(long answerTimeoutMs, long mediaTimeoutMs, long execReturnTimeoutMs,
      Endpointer.Settings endpointer) {
    public static Settings defaults(Endpointer.Settings endpointer) {
      return new Settings(7000, 5000, 5000, endpointer);
    }
  }

  private final Vertx vertx;
  private final MediaRegistry media;
  private final String audioSocketAddress;
  private final SpeechServices speech;
  private final CallbackRegistry callbacks;
  private final CallEventLog events;
  private final Settings settings;

  public CallbackOfferPath(Vertx vertx, MediaRegistry media, String audioSocketAddress, SpeechServices speech,
      CallbackRegistry callbacks, CallEventLog events, Settings settings) {
    this.vertx = vertx;
    this.media = media;
    this.audioSocketAddress = audioSocketAddress;
    this.speech = speech;
    this.callbacks = callbacks;
    this.events = events;
    this.settings = settings;
  }

  /** Every line this path says, for the prompt cache. */
  public static List<String> prompts() {
    return List.of(OFFER, AGAIN, CONFIRMED, TO_VOICEMAIL);
  }

  /** The FastAGI server's handler for {@link #SCRIPT}. */
  public void onSession(AgiSession session) {
    new Offer(session).begin();
  }

  /** The bot's call id in a summary URL {@code http://.../calls/<id>/summary.wav}; empty when there is none. */
  static String callIdOf(String summaryUrl) {
    if (summaryUrl == null || summaryUrl.isBlank()) {
      return "";
    }
    try {
      Matcher m = CALL_IN_URL.matcher(URI.create(summaryUrl.strip()).getPath());
      return m.find() ? m.group(1) : "";
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  /** The last four digits only: enough for an admin to match a log line, not to call the number. */
  static String masked(String number) {
    return org.voicebot.gateway.call.CallerIds.masked(number);
  }

  /** One caller's offer, on its AGI connection's context. */
  private final class Offer implements MediaListener {
    final AgiSession agi;
    final AgiRequest request;
    final String uuid = UUID.randomUUID().toString();
    final String summaryUrl;
    final String callId;
    final Endpointer endpointer;
    final long startNanos = System.nanoTime();
    final Promise<Void> execReturned = Promise.promise();
    final Deque<short[]> playing = new ArrayDeque<>();
    int playPos;
    Runnable afterPlay;
    MediaEndpoint endpoint;
    long clock = -1;
    long answerTimer = -1;
    long mediaTimer = -1;
    int asked;
    boolean decided;
    boolean over;

    Offer(AgiSession agi) {
      this.agi = agi;
      this.request = agi.request();
      this.summaryUrl = request.args().isEmpty() ? "" : request.args().get(0);
      this.callId = callIdOf(summaryUrl);
      this.endpointer = new Endpointer(settings.endpointer());
    }

    void begin() {
      log.info("callback offer {}: no agent answered channel {} (caller {}, bot call {})", uuid, request.channel(),
          masked(request.callerId()), callId.isEmpty() ? "none" : callId);
      agi.onHangup(v -> finish(null));
      agi.onClose(v -> finish(null));
      media.expect(UUID.fromString(uuid), this);
      mediaTimer = vertx.setTimer(settings.mediaTimeoutMs(), id -> agi.context().runOnContext(x -> {
        if (endpoint == null && !over) {
          log.warn("callback offer {}: no AudioSocket from Asterisk within {} ms; the dialplan goes to voicemail",
              uuid, settings.mediaTimeoutMs());
          finish(null);
        }
      }));
      agi.send(AgiCommand.exec("AudioSocket", uuid + "," + audioSocketAddress)).onComplete(ar -> {
        execReturned.tryComplete();
        if (!decided && !over) {
          finish(null); // the media leg ended before a choice: voicemail
        }
      });
    }

    // ---- media (AudioSocket connection's loop) -> this offer's context

    @Override
    public void onMediaConnected(MediaEndpoint ep) {
      agi.context().runOnContext(v -> {
        if (over) {
          ep.close();
          return;
        }
        endpoint = ep;
        vertx.cancelTimer(mediaTimer);
        clock = vertx.setPeriodic(20, id -> tick());
        ask(OFFER);
      });
    }

    @Override
    public void onAudio(byte[] slin) {
      short[] frame = Pcm.fromLittleEndian(slin, 0, slin.length);
      agi.context().runOnContext(v -> {
        if (decided || over) {
          return;
        }
        for (Endpointer.Event e : endpointer.onFrame(frame, nowMs())) {
          if (e instanceof Endpointer.Event.SpeechStarted) {
            vertx.cancelTimer(answerTimer);
          } else if (e instanceof Endpointer.Event.SpeechEnded s) {
            recognize(s.audio());
          }
        }
      });
    }

    @Override
    public void onDtmf(char digit) {
      agi.context().runOnContext(v -> {
        CallbackChoice c = CallbackChoice.fromKey(digit);
        if (!decided && !over && c != CallbackChoice.UNCLEAR) {
          decide(c, "keypad");
        }
      });
    }

    @Override
    public void onMediaClosed(String problem) {
      log.debug("callback offer {}: AudioSocket closed ({})", uuid, problem == null ? "normal" : problem);
    }

    // ---- the conversation

    private void ask(String text) {
      asked++;
      say(text, () -> answerTimer = vertx.setTimer(settings.answerTimeoutMs(),
          id -> agi.context().runOnContext(v -> noAnswer())));
    }

    private void noAnswer() {
      if (decided || over || endpointer.inSpeech()) {
        return;
      }
      if (asked < 2) {
        ask(AGAIN);
      } else {
        decide(CallbackChoice.MESSAGE, "no answer"); // in doubt a message: the caller still reaches someone
      }
    }

    private void recognize(short[] audio) {
      speech.recognize(audio).onComplete(ar -> agi.context().runOnContext(v -> {
        if (decided || over) {
          return;
        }
        CallbackChoice c = ar.succeeded() ? CallbackChoice.fromSpeech(ar.result().text()) : CallbackChoice.UNCLEAR;
        log.debug("callback offer {}: heard '{}' -> {}", uuid, ar.succeeded() ? ar.result().text() : ar.cause(), c);
        if (c != CallbackChoice.UNCLEAR) {
          decide(c, "speech");
        } else if (asked < 2) {
          stopPlaying();
          ask(AGAIN);
        } else {
          decide(CallbackChoice.MESSAGE, "unclear");
        }
      }));
    }

    private void decide(CallbackChoice choice, String how) {
      decided = true;
      vertx.cancelTimer(answerTimer);
      stopPlaying();
      if (choice == CallbackChoice.CALLBACK) {
        CallbackRequest r = new CallbackRequest(uuid, callId, request.callerId(), summaryUrl, request.channel(),
            Instant.now(), how);
        callbacks.add(r);
        String eventCall = callId.isEmpty() ? uuid : callId;
        long t = events.call(eventCall).map(c -> java.time.Duration.between(c.started(), Instant.now()).toMillis())
            .orElse(0L);
        events.publish(CallEvent.of(eventCall, t, EventType.CALLBACK_REQUESTED, "callback_id", uuid,
            "caller_id", request.callerId(), "summary_url", summaryUrl, "how", how));
        log.info("callback offer {}: call back requested by {} ({})", uuid, masked(request.callerId()), how);
        say(CONFIRMED, () -> finish("requested"));
      } else {
        log.info("callback offer {}: caller goes to voicemail ({})", uuid, how);
        say(TO_VOICEMAIL, () -> finish("message"));
      }
    }

    private void stopPlaying() {
      playing.clear();
      playPos = 0;
      afterPlay = null;
    }

    /** Plays {@code text} (cached prompts start at once), then runs {@code then}; a synthesis failure runs it too. */
    private void say(String text, Runnable then) {
      speech.speak(text).onComplete(ar -> agi.context().runOnContext(v -> {
        if (over) {
          return;
        }
        if (ar.failed()) {
          log.warn("callback offer {}: could not synthesize a prompt: {}", uuid, ar.cause().toString());
          finish(null);
          return;
        }
        playing.add(ar.result());
        afterPlay = then;
      }));
    }

    /** Every 20 ms: the next frame of what is playing, or silence (the line never goes quiet both ways). */
    private void tick() {
      MediaEndpoint ep = endpoint;
      if (ep == null || !ep.isOpen() || over) {
        return;
      }
      short[] frame = new short[FRAME_SAMPLES];
      short[] cur = playing.peek();
      if (cur != null) {
        int n = Math.min(FRAME_SAMPLES, cur.length - playPos);
        System.arraycopy(cur, playPos, frame, 0, n);
        playPos += n;
        if (playPos >= cur.length) {
          playing.poll();
          playPos = 0;
          if (playing.isEmpty() && afterPlay != null) {
            Runnable r = afterPlay;
            afterPlay = null;
            r.run();
          }
        }
      } else {
        for (Endpointer.Event e : endpointer.onTick(nowMs())) {
          if (e instanceof Endpointer.Event.SpeechEnded s && !decided) {
            recognize(s.audio());
          }
        }
      }
      ep.sendAudio(Pcm.toLittleEndian(frame));
    }

    /** Ends the offer: close the media, wait for EXEC, set BOT_CALLBACK (unless null), close the AGI connection. */
    private void finish(String value) {
      if (over) {
        return;
      }
      over = true;
      vertx.cancelTimer(clock);
      vertx.cancelTimer(answerTimer);
      vertx.cancelTimer(mediaTimer);
      media.forget(UUID.fromString(uuid));
      MediaEndpoint ep = endpoint;
      if (ep != null && ep.isOpen()) {
        ep.close(); // the AudioSocket application returns 0 and EXEC replies
      }
      if (value == null || !agi.isOpen() || agi.channelHungUp()) {
        agi.close();
        return;
      }
      withTimeout(execReturned.future())
          .compose(v -> agi.send(AgiCommand.setVariable(VARIABLE, value)))
          .eventually(agi::close)
          .onFailure(e -> log.warn("callback offer {}: setting {} failed: {}", uuid, VARIABLE, e.getMessage()));
    }

    private Future<Void> withTimeout(Future<Void> f) {
      Promise<Void> p = Promise.promise();
      long timer = vertx.setTimer(settings.execReturnTimeoutMs(), id -> p.tryComplete());
      f.onComplete(ar -> {
        vertx.cancelTimer(timer);
        p.tryComplete();
      });
      return p.future();
    }

    private long nowMs() {
      return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
  }
}
