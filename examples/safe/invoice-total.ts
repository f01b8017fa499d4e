// Generated for: "Compute an invoice total with per-line tax and an optional discount code."

interface InvoiceLine {
  description: string;
  quantity: number;
  unitPriceCents: number;
  taxRatePercent: number;
}

interface Invoice {
  lines: InvoiceLine[];
  discountCode?: string;
}

const discounts: Record<string, number> = { WELCOME10: 10, LOYAL5: 5 };

export function invoiceTotalCents(invoice: Invoice): {
  subtotal: number;
  tax: number;
  total: number;
} {
  let subtotal = 0;
  let tax = 0;
  for (const line of invoice.lines) {
    const net = line.quantity * line.unitPriceCents;
    subtotal += net;
    tax += Math.round((net * line.taxRatePercent) / 100);
  }

  const discountPercent = invoice.discountCode ? (discounts[invoice.discountCode] ?? 0) : 0;
  const discount = Math.round((subtotal * discountPercent) / 100);
  return { subtotal, tax, total: subtotal - discount + tax };
}
