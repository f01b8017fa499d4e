// Generated for: "Summarise today's orders by country, largest revenue first."
// A pure data transform: it reads its input and returns a value, nothing else.

export default function summariseOrders(orders) {
  const byCountry = new Map();

  for (const order of orders) {
    const entry = byCountry.get(order.country) ?? { country: order.country, orders: 0, revenue: 0 };
    entry.orders += 1;
    entry.revenue += order.quantity * order.unitPrice;
    byCountry.set(order.country, entry);
  }

  return [...byCountry.values()]
    .map((entry) => ({ ...entry, revenue: Math.round(entry.revenue * 100) / 100 }))
    .sort((a, b) => b.revenue - a.revenue);
}
