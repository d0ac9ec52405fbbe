package org.voicebot.gateway.asterisk.agi;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Streaming decoder of the FastAGI header block ({@code agi_name: value\n} lines up to an empty line)
 * as an explicit state machine: bytes in, split anywhere by TCP, one {@link AgiRequest} out. Bad input
 * is a value: the first problem is reported in {@link Result#error()} naming the line, and the
 * decoder stays failed. Bytes after the empty line are not consumed: they belong to the reply stream.
 *
 * <p>Not thread-safe: one decoder per connection, fed from that connection's event loop.
 */
public final class AgiRequestDecoder {

  /** Limits that keep a misbehaving peer from costing more than a few kilobytes. */
  public record Limits(int maxLineBytes, int maxLines, int maxTotalBytes) {
    /** Asterisk 22 sends ~25 lines of well under 200 bytes (trace 05). */
    public static final Limits DEFAULT = new Limits(2048, 128, 32 * 1024);

    public Limits {
      if (maxLineBytes < 16 || maxLines < 1 || maxTotalBytes < maxLineBytes) {
        throw new IllegalArgumentException("bad header limits " + maxLineBytes + "/" + maxLines + "/" + maxTotalBytes);
      }
    }
  }

  /**
   * What one chunk of bytes produced.
   *
   * @param request the decoded header block, only in the result of the chunk that completed it
   * @param consumed bytes of this chunk that belonged to the header block
   * @param error the problem that stopped decoding, or null
   */
  public record Result(AgiRequest request, int consumed, String error) {
    public boolean failed() {
      return error != null;
    }

    public boolean complete() {
      return request != null;
    }
  }

  private enum State { LINE, DONE, FAILED }

  private static final Pattern KEY = Pattern.compile("agi_[a-z0-9_]+");

  private final Limits limits;
  private final byte[] line;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private State state = State.LINE;
  private int lineFill;
  private int lineNo = 1;
  private int total;
  private String failure;

  public AgiRequestDecoder(Limits limits) {
    this.limits = limits;
    this.line = new byte[limits.maxLineBytes() + 1]; // + room for a tolerated trailing CR
  }

  public AgiRequestDecoder() {
    this(Limits.DEFAULT);
  }

  public Result feed(byte[] bytes) {
    return feed(bytes, 0, bytes.length);
  }

  public Result feed(byte[] bytes, int offset, int length) {
    int i = offset;
    int end = offset + length;
    AgiRequest request = null;
    while (i < end && state == State.LINE) {
      byte b = bytes[i++];
      if (++total > limits.maxTotalBytes()) {
        fail("header block longer than " + limits.maxTotalBytes() + " bytes (at line " + lineNo + ")");
      } else if (b == '\n') {
        request = endOfLine();
      } else if (lineFill == line.length) {
        fail("line " + lineNo + " is longer than " + limits.maxLineBytes() + " bytes");
      } else {
        line[lineFill++] = b;
      }
    }
    return new Result(request, i - offset, failure);
  }

  public boolean failed() {
    return state == State.FAILED;
  }

  private AgiRequest endOfLine() {
    int len = lineFill;
    if (len > 0 && line[len - 1] == '\r') {
      len--; // Asterisk sends bare LF; a CR before it is tolerated
    }
    lineFill = 0;
    if (len > limits.maxLineBytes()) {
      fail("line " + lineNo + " is longer than " + limits.maxLineBytes() + " bytes");
      return null;
    }
    String bad = AgiText.controlByte(line, len);
    if (bad != null) {
      fail("line " + lineNo + ": " + bad);
      return null;
    }
    if (len == 0) {
      return headers.isEmpty() ? failNull("line 1: empty header block") : finish();
    }
    String text = new String(line, 0, len, StandardCharsets.UTF_8);
    int sep = text.indexOf(": ");
    if (sep < 0) {
      return failNull("line " + lineNo + ": expected 'agi_name: value', got '" + AgiText.excerpt(text) + "'");
    }
    String key = text.substring(0, sep);
    if (!KEY.matcher(key).matches()) {
      return failNull("line " + lineNo + ": '" + AgiText.excerpt(key) + "' is not an agi_ variable");
    }
    if (headers.containsKey(key)) {
      return failNull("line " + lineNo + ": " + key + " appears twice");
    }
    if (headers.size() == limits.maxLines()) {
      return failNull("more than " + limits.maxLines() + " header lines");
    }
    headers.put(key, text.substring(sep + 2));
    lineNo++;
    return null;
  }

  private AgiRequest finish() {
    String url = headers.get("agi_request");
    if (url == null || url.isEmpty()) {
      return failNull("the header block has no agi_request");
    }
    String networkScript = headers.getOrDefault("agi_network_script", pathOf(url));
    int q = networkScript.indexOf('?');
    String script = strip(q < 0 ? networkScript : networkScript.substring(0, q));
    int uq = url.indexOf('?');
    String query = uq >= 0 ? url.substring(uq + 1) : q >= 0 ? networkScript.substring(q + 1) : "";
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        params.putIfAbsent(k, v);
      } catch (IllegalArgumentException e) {
        return failNull("agi_request: bad percent-encoding in '" + AgiText.excerpt(pair) + "'");
      }
    }
    List<String> args = new ArrayList<>();
    for (int n = 1; headers.containsKey("agi_arg_" + n); n++) {
      args.add(headers.get("agi_arg_" + n));
    }
    state = State.DONE;
    return new AgiRequest(networkScript, url, script, params, h("agi_channel"), h("agi_uniqueid"),
        h("agi_callerid"), h("agi_calleridname"), h("agi_context"), h("agi_extension"), h("agi_priority"),
        h("agi_language"), h("agi_version"), h("agi_type"), h("agi_dnid"), args, headers);
  }

  /** {@code agi://host:port/voicebot?x=1} gives {@code voicebot?x=1}. */
  private static String pathOf(String url) {
    int scheme = url.indexOf("://");
    int slash = url.indexOf('/', scheme < 0 ? 0 : scheme + 3);
    return slash < 0 ? "" : url.substring(slash + 1);
  }

  private static String strip(String path) {
    int from = 0;
    int to = path.length();
    while (from < to && path.charAt(from) == '/') {
      from++;
    }
    while (to > from && path.charAt(to - 1) == '/') {
      to--;
    }
    return path.substring(from, to);
  }

  private String h(String key) {
    return headers.getOrDefault(key, "");
  }

  private AgiRequest failNull(String why) {
    fail(why);
    return null;
  }

  private void fail(String why) {
    state = State.FAILED;
    failure = why;
  }
}
