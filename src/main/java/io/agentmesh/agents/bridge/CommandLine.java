package io.agentmesh.agents.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * The syntax of {@code mesh.bridge.<id>.command}: a program and its arguments separated by spaces; an
 * argument with spaces is written in double quotes, inside which {@code \"} and {@code \\} stand for a
 * quote and a backslash. No shell is involved: no variables, globs or pipes. Example:
 * {@code npx -y @modelcontextprotocol/server-filesystem "/srv/shared docs"}.
 */
public final class CommandLine {

    private CommandLine() {
    }

    /** Splits a command line; throws IllegalArgumentException for an unclosed quote or an empty line. */
    public static List<String> split(String text) {
        var words = new ArrayList<String>();
        var word = new StringBuilder();
        boolean inWord = false;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                    word.append(text.charAt(++i));
                } else if (c == '"') {
                    quoted = false;
                } else {
                    word.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("the command line has an unclosed quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("the command line is empty");
        }
        return List.copyOf(words);
    }
}
