package dev.forgewatch.splunk.spl;

import java.util.List;

/** The syntax tree of an SPL eval expression, as {@link EvalParser} reads it. */
public sealed interface EvalExpr {
    /** A string literal (already unescaped). */
    record Text(String value) implements EvalExpr {
    }

    /** A number literal as written. */
    record Number(String literal) implements EvalExpr {
    }

    /** A field, bare ({@code user}) or quoted ({@code 'a{}.b'}). */
    record Field(String name) implements EvalExpr {
    }

    /** A function call; {@code name} is lower case. */
    record Call(String name, List<EvalExpr> args) implements EvalExpr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** A binary operator: {@code + - * / % . == != < > <= >= AND OR XOR LIKE} ({@code =} is read as {@code ==}). */
    record Binary(String op, EvalExpr left, EvalExpr right) implements EvalExpr {
    }

    /** {@code NOT x} or {@code -x}. */
    record Unary(String op, EvalExpr operand) implements EvalExpr {
    }
}
