package dev.tollgate.payments.invoicing;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import dev.tollgate.payments.tax.BillingBlock;

/** Renders an invoice or credit note to PDF (OpenPDF), once, when it is issued; the bytes are stored with it. */
public final class InvoicePdf {

    private static final Font TITLE = new Font(Font.HELVETICA, 18, Font.BOLD);
    private static final Font BOLD = new Font(Font.HELVETICA, 10, Font.BOLD);
    private static final Font NORMAL = new Font(Font.HELVETICA, 10, Font.NORMAL);

    private InvoicePdf() {
    }

    public static byte[] render(Invoice invoice) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 50, 50, 50, 50);
        PdfWriter.getInstance(document, out);
        document.addTitle(title(invoice) + " " + invoice.number());
        document.open();
        document.add(new Paragraph(title(invoice) + " " + invoice.number(), TITLE));
        document.add(new Paragraph("Date: " + LocalDate.ofInstant(invoice.issuedAt(), InvoiceDrafts.SELLER_ZONE), NORMAL));
        if (invoice.relatedNumber() != null) {
            document.add(new Paragraph(relation(invoice), NORMAL));
        }
        document.add(new Paragraph(" "));

        PdfPTable parties = new PdfPTable(2);
        parties.setWidthPercentage(100);
        parties.addCell(block("Seller", invoice.sellerLines()));
        parties.addCell(block("Customer", customerLines(invoice.customer())));
        document.add(parties);
        document.add(new Paragraph(" "));

        PdfPTable lines = new PdfPTable(new float[] {3, 1});
        lines.setWidthPercentage(100);
        row(lines, "Description", "Amount", BOLD);
        row(lines, "Prepaid API credits", InvoiceDrafts.format(invoice.creditsCents(), invoice.currency()), NORMAL);
        if (invoice.feeCents() != 0) {
            row(lines, "Payment processing fee", InvoiceDrafts.format(invoice.feeCents(), invoice.currency()), NORMAL);
        }
        row(lines, "Total net", InvoiceDrafts.format(invoice.netCents(), invoice.currency()), BOLD);
        row(lines, "VAT " + invoice.vatRatePercent().stripTrailingZeros().toPlainString() + "%"
                + (invoice.vatCountry() == null ? "" : " (" + invoice.vatCountry() + ")"),
                InvoiceDrafts.format(invoice.vatCents(), invoice.currency()), NORMAL);
        row(lines, "Total gross", InvoiceDrafts.format(invoice.grossCents(), invoice.currency()), BOLD);
        document.add(lines);

        if (invoice.vatMention() != null) {
            document.add(new Paragraph(" "));
            document.add(new Paragraph(invoice.vatMention(), BOLD));
        }
        document.add(new Paragraph(" "));
        document.add(new Paragraph("Payment reference: " + invoice.paymentId()
                + (invoice.paymentReference() == null ? "" : " / " + invoice.paymentReference()), NORMAL));
        document.close();
        return out.toByteArray();
    }

    static String title(Invoice invoice) {
        return invoice.kind() == Invoice.Kind.INVOICE ? "Invoice" : "Credit note";
    }

    private static String relation(Invoice invoice) {
        return switch (invoice.reason()) {
            case REISSUE_CANCELLATION -> "Cancels invoice " + invoice.relatedNumber() + " in full (reissued with a corrected billing block)";
            case REFUND -> "Refund against invoice " + invoice.relatedNumber();
            case REISSUE -> "Replaces invoice " + invoice.relatedNumber();
            case PURCHASE -> "";
        };
    }

    static List<String> customerLines(BillingBlock customer) {
        List<String> lines = new ArrayList<>();
        lines.add(customer.legalName());
        lines.addAll(customer.addressLines());
        String town = ((customer.postcode() == null ? "" : customer.postcode() + " ") + (customer.city() == null ? "" : customer.city())).trim();
        if (!town.isEmpty()) {
            lines.add(town);
        }
        lines.add(customer.country());
        if (customer.vatNumber() != null) {
            lines.add("VAT number: " + customer.vatNumber());
        }
        return lines;
    }

    private static PdfPCell block(String heading, List<String> lines) {
        PdfPCell cell = new PdfPCell();
        cell.setBorder(PdfPCell.NO_BORDER);
        cell.addElement(new Paragraph(heading, BOLD));
        lines.forEach(line -> cell.addElement(new Paragraph(line, NORMAL)));
        return cell;
    }

    private static void row(PdfPTable table, String label, String amount, Font font) {
        table.addCell(new PdfPCell(new Phrase(label, font)));
        PdfPCell right = new PdfPCell(new Phrase(amount, font));
        right.setHorizontalAlignment(Element.ALIGN_RIGHT);
        table.addCell(right);
    }
}
