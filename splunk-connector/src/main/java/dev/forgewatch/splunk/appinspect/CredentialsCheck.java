package dev.forgewatch.splunk.appinspect;

import dev.forgewatch.splunk.app.AppTree;
import dev.forgewatch.splunk.conf.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * No credentials in any text file: private keys, JSON Web Tokens, HEC tokens in an Authorization
 * header, cloud access keys, passwords in URLs, and .conf settings that hold a secret.
 */
final class CredentialsCheck implements AppCheck {
    private record Rule(String what, Pattern pattern) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("a private key", Pattern.compile("-----BEGIN [A-Z ]*PRIVATE KEY-----")),
            new Rule("a JSON Web Token", Pattern.compile("eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]*")),
            new Rule("a HEC token", Pattern.compile("(?i)Splunk\\s+[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")),
            new Rule("an AWS access key", Pattern.compile("\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b")),
            new Rule("a password in a URL", Pattern.compile("\\b[a-z][a-z0-9+.-]*://[^/\\s:@\"']+:[^/\\s@\"']+@")),
            new Rule("a secret-holding setting", Pattern.compile(
                    "(?im)^\\s*(password|passwd|secret|client_secret|api_key|apikey|access_key|token|auth_token)\\s*=\\s*\\S")));

    @Override
    public String name() {
        return "hard-coded credentials";
    }

    @Override
    public List<Problem> run(AppTree app) {
        List<Problem> problems = new ArrayList<>();
        app.files().filter(entry -> !entry.relativePath().endsWith(".png")).forEach(entry -> {
            String text = entry.text();
            for (Rule rule : RULES) {
                Matcher matcher = rule.pattern().matcher(text);
                if (matcher.find()) {
                    int line = 1 + (int) text.substring(0, matcher.start()).chars().filter(c -> c == '\n').count();
                    // The finding names the kind of secret and where, never the secret itself.
                    problems.add(new Problem(entry.relativePath(), line, "check_for_hardcoded_credentials",
                            "looks like " + rule.what() + "; credentials never ship in an app"));
                }
            }
        });
        return problems;
    }
}
