package dev.tollgate.ledger.finance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import dev.tollgate.ledger.finance.FinanceReports.RevenueReport;
import dev.tollgate.ledger.finance.FinanceReports.Statement;
import dev.tollgate.ledger.finance.FinanceReports.StatementEntry;
import dev.tollgate.ledger.finance.FinanceReports.VatReport;

/**
 * CSV exports of the finance reports: exactly the rows of the JSON answer, amounts as whole
 * micro-units (integers, so a spreadsheet sums them exactly). The totals are not repeated as a row:
 * summing a column gives them.
 */
public final class CsvExports {

    private static final CsvMapper CSV = new CsvMapper();

    private CsvExports() {
    }

    public static String statement(Statement statement) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (StatementEntry entry : statement.entries()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("sequence", entry.sequence());
            row.put("type", entry.type());
            row.put("occurredAt", entry.occurredAt().toString());
            row.put("amountMicros", entry.amountMicros());
            row.put("runningBalanceMicros", entry.runningBalanceMicros());
            row.put("requestId", entry.requestId());
            row.put("model", entry.model());
            row.put("provider", entry.provider());
            row.put("tier", entry.tier());
            row.put("upstreamCostMicros", entry.upstreamCostMicros());
            row.put("platformFeeMicros", entry.platformFeeMicros());
            row.put("marginMicros", entry.marginMicros());
            row.put("priceVersion", entry.breakdown() == null ? null : entry.breakdown().priceVersion());
            row.put("paymentId", entry.paymentId());
            row.put("refundId", entry.refundId());
            row.put("reason", entry.reason());
            row.put("author", entry.author());
            rows.add(row);
        }
        return write(List.of("sequence", "type", "occurredAt", "amountMicros", "runningBalanceMicros", "requestId", "model",
                "provider", "tier", "upstreamCostMicros", "platformFeeMicros", "marginMicros", "priceVersion", "paymentId", "refundId",
                "reason", "author"), rows);
    }

    public static String revenue(RevenueReport report) {
        List<Map<String, Object>> rows = report.rows().stream().<Map<String, Object>>map(row -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("period", row.period());
            values.put("model", row.model());
            values.put("provider", row.provider());
            values.put("tier", row.tier());
            values.put("routingMode", row.routingMode());
            values.put("requests", row.requests());
            values.put("upstreamCostMicros", row.upstreamCostMicros());
            values.put("platformFeeMicros", row.platformFeeMicros());
            values.put("marginMicros", row.marginMicros());
            values.put("totalMicros", row.totalMicros());
            return values;
        }).toList();
        return write(List.of("period", "model", "provider", "tier", "routingMode", "requests", "upstreamCostMicros", "platformFeeMicros",
                "marginMicros", "totalMicros"), rows);
    }

    public static String vat(VatReport report) {
        List<Map<String, Object>> rows = report.rows().stream().<Map<String, Object>>map(row -> {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("period", row.period());
            values.put("country", row.country());
            values.put("payments", row.payments());
            values.put("creditedMicros", row.creditedMicros());
            values.put("processingFeeMicros", row.processingFeeMicros());
            values.put("vatMicros", row.vatMicros());
            values.put("grossMicros", row.grossMicros());
            return values;
        }).toList();
        return write(List.of("period", "country", "payments", "creditedMicros", "processingFeeMicros", "vatMicros", "grossMicros"), rows);
    }

    private static String write(List<String> columns, List<Map<String, Object>> rows) {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        try {
            return CSV.writer(schema.build()).writeValueAsString(rows);
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("could not write CSV", impossible);
        }
    }
}
