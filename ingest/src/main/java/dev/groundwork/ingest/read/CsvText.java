package dev.groundwork.ingest.read;

/**
 * Lays out comma-separated values (RFC 4180: quoted fields may hold commas, quotes and line
 * breaks) as one table: a line per record, fields joined by {@code " | "}.
 */
final class CsvText {

    private CsvText() {}

    static BlockText of(String csv) {
        BlockText out = new BlockText();
        out.startTable();
        boolean rowOpen = false;
        boolean quoted = false;
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < csv.length(); i++) {
            char c = csv.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',' || c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < csv.length() && csv.charAt(i + 1) == '\n') {
                    i++;
                }
                boolean endOfRecord = c != ',';
                if (rowOpen || !field.isEmpty() || !endOfRecord) {
                    rowOpen = cell(out, rowOpen, field);
                }
                if (endOfRecord) {
                    rowOpen = false;
                }
            } else {
                field.append(c);
            }
        }
        if (rowOpen || !field.isEmpty()) {
            cell(out, rowOpen, field);
        }
        out.endTable();
        return out;
    }

    /** Writes the field as the next cell, opening a row first if needed. */
    private static boolean cell(BlockText out, boolean rowOpen, StringBuilder field) {
        if (!rowOpen) {
            out.startRow();
        }
        out.startCell();
        out.text(field);
        field.setLength(0);
        return true;
    }
}
