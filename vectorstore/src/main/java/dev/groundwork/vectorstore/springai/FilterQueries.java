package dev.groundwork.vectorstore.springai;

import java.util.Collection;
import java.util.List;
import org.apache.lucene.document.DoubleField;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TermRangeQuery;
import org.springframework.ai.vectorstore.filter.Filter;

/**
 * Translates Spring AI filter expressions into Lucene queries over the metadata fields that
 * {@link LuceneVectorStore} indexes: strings and booleans as exact terms, numbers as double points.
 */
final class FilterQueries {

    static final String PREFIX = "meta.";
    /** The names of the metadata keys a document has, for ISNULL and ISNOTNULL. */
    static final String KEYS = "meta_keys";

    private FilterQueries() {}

    static Query toQuery(Filter.Operand operand) {
        return switch (operand) {
            case Filter.Group group -> toQuery(group.content());
            case Filter.Expression expression -> expression(expression);
            default -> throw new IllegalArgumentException("Unsupported filter operand: " + operand);
        };
    }

    private static Query expression(Filter.Expression e) {
        return switch (e.type()) {
            case AND -> bool(BooleanClause.Occur.FILTER, toQuery(e.left()), toQuery(e.right()));
            case OR -> bool(BooleanClause.Occur.SHOULD, toQuery(e.left()), toQuery(e.right()));
            case NOT -> not(toQuery(e.left()));
            case EQ -> equalTo(key(e), value(e));
            case NE -> not(equalTo(key(e), value(e)));
            case GT -> range(key(e), value(e), false, null, false);
            case GTE -> range(key(e), value(e), true, null, false);
            case LT -> range(key(e), null, false, value(e), false);
            case LTE -> range(key(e), null, false, value(e), true);
            case IN -> anyOf(key(e), values(e));
            case NIN -> not(anyOf(key(e), values(e)));
            case ISNULL -> not(new TermQuery(new Term(KEYS, key(e))));
            case ISNOTNULL -> new TermQuery(new Term(KEYS, key(e)));
        };
    }

    private static String key(Filter.Expression e) {
        if (e.left() instanceof Filter.Key key) {
            // Keys may be quoted in the text form ("country" or 'country').
            return key.key().replaceAll("^[\"']|[\"']$", "");
        }
        throw new IllegalArgumentException("Expected a metadata key on the left of " + e);
    }

    private static Object value(Filter.Expression e) {
        if (e.right() instanceof Filter.Value value && value.value() != null) {
            return value.value();
        }
        throw new IllegalArgumentException("Expected a value on the right of " + e);
    }

    private static Collection<?> values(Filter.Expression e) {
        Object value = value(e);
        return value instanceof Collection<?> collection ? collection : List.of(value);
    }

    private static Query equalTo(String key, Object value) {
        if (value instanceof Number number) {
            return DoubleField.newExactQuery(PREFIX + key, number.doubleValue());
        }
        return new TermQuery(new Term(PREFIX + key, value.toString()));
    }

    private static Query anyOf(String key, Collection<?> values) {
        BooleanQuery.Builder any = new BooleanQuery.Builder();
        for (Object value : values) {
            any.add(equalTo(key, value), BooleanClause.Occur.SHOULD);
        }
        return any.build();
    }

    private static Query range(String key, Object lower, boolean includeLower, Object upper, boolean includeUpper) {
        Object sample = lower != null ? lower : upper;
        if (sample instanceof Number) {
            double low = lower == null
                    ? Double.NEGATIVE_INFINITY
                    : includeLower ? ((Number) lower).doubleValue() : Math.nextUp(((Number) lower).doubleValue());
            double high = upper == null
                    ? Double.POSITIVE_INFINITY
                    : includeUpper ? ((Number) upper).doubleValue() : Math.nextDown(((Number) upper).doubleValue());
            return DoubleField.newRangeQuery(PREFIX + key, low, high);
        }
        return TermRangeQuery.newStringRange(
                PREFIX + key,
                lower == null ? null : lower.toString(),
                upper == null ? null : upper.toString(),
                includeLower,
                includeUpper);
    }

    private static Query bool(BooleanClause.Occur occur, Query a, Query b) {
        return new BooleanQuery.Builder().add(a, occur).add(b, occur).build();
    }

    private static Query not(Query query) {
        return new BooleanQuery.Builder()
                .add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER)
                .add(query, BooleanClause.Occur.MUST_NOT)
                .build();
    }
}
