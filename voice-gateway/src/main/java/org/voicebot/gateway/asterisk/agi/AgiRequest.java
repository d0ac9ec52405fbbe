package org.voicebot.gateway.asterisk.agi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code agi_*} header block Asterisk sends when a FastAGI connection opens (trace 05). Fields
 * Asterisk did not send are empty strings.
 *
 * @param script the requested script: the path of {@code agi_network_script} before {@code ?}, without slashes
 * @param params the query parameters of {@code agi_request}, URL-decoded, in order
 * @param args {@code agi_arg_1..N} in order (the AGI() arguments after the URL)
 * @param all every header line, key to value, in order
 */
public record AgiRequest(
    String networkScript,
    String requestUrl,
    String script,
    Map<String, String> params,
    String channel,
    String uniqueId,
    String callerId,
    String callerIdName,
    String context,
    String extension,
    String priority,
    String language,
    String version,
    String type,
    String dnid,
    List<String> args,
    Map<String, String> all) {

  public AgiRequest {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    args = List.copyOf(args);
    all = Collections.unmodifiableMap(new LinkedHashMap<>(all));
  }
}
