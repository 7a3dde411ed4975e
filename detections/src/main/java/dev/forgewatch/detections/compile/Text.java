package dev.forgewatch.detections.compile;

import java.util.ArrayList;
import java.util.List;

/** Prose from rule files, reflowed for SIEM fields that render text as entered. */
public final class Text {
    private Text() {
    }

    /** Joins the lines of each paragraph with spaces; paragraphs stay separated by a blank line. */
    public static String paragraphs(String text) {
        List<String> paragraphs = new ArrayList<>();
        for (String paragraph : text.strip().split("\\n\\s*\\n")) {
            paragraphs.add(paragraph.strip().replaceAll("\\s*\\n\\s*", " "));
        }
        return String.join("\n\n", paragraphs);
    }
}
