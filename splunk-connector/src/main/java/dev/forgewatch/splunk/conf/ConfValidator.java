package dev.forgewatch.splunk.conf;

import dev.forgewatch.detections.compile.splunk.ConfFile;
import dev.forgewatch.detections.compile.splunk.Setting;
import dev.forgewatch.detections.compile.splunk.Stanza;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks a parsed file against its {@link ConfSpec}: known stanzas, known settings, allowed values. */
public final class ConfValidator {
    public static final String RULE_UNKNOWN_STANZA = "conf_unknown_stanza";
    public static final String RULE_UNKNOWN_SETTING = "conf_unknown_setting";
    public static final String RULE_BAD_VALUE = "conf_bad_value";

    private ConfValidator() {
    }

    public static List<Problem> validate(ConfFile file, ConfSpec spec) {
        List<Problem> problems = new ArrayList<>();
        for (Stanza stanza : file.stanzas()) {
            Optional<ConfSpec.StanzaRule> rule = spec.stanza(stanza.name());
            if (rule.isEmpty()) {
                problems.add(new Problem(file.path(), stanza.line(), RULE_UNKNOWN_STANZA,
                        "[" + stanza.name() + "] is not a stanza of " + spec.fileName() + " (see " + spec.fileName() + ".spec)"));
                continue;
            }
            for (Setting setting : stanza.settings()) {
                Optional<ConfSpec.KeyRule> key = rule.get().keys().stream().filter(k -> k.matches(setting.key())).findFirst();
                if (key.isEmpty()) {
                    problems.add(new Problem(file.path(), setting.line(), RULE_UNKNOWN_SETTING, "'" + setting.key()
                            + "' is not a setting of [" + stanza.name() + "] in " + spec.fileName() + " (see "
                            + spec.fileName() + ".spec)"));
                } else if (key.get().value() != null && !key.get().value().matcher(setting.value()).matches()) {
                    problems.add(new Problem(file.path(), setting.line(), RULE_BAD_VALUE, "'" + setting.key() + " = "
                            + setting.value() + "' is not an allowed value (expected " + key.get().value().pattern() + ")"));
                }
            }
        }
        return problems;
    }
}
