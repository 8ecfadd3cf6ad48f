// `pay ORDER_ID`: pays an order's pending Pix or card checkout on the simulated provider of the running local stack,
// as a customer paying in their bank app would (POST /dev/payments/{orderId}/approve on PORT).
export async function payCommand(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const orderId = args[0]?.trim().toUpperCase();
  if (!orderId || !/^[A-Z0-9]{1,32}$/.test(orderId)) {
    console.error('Usage: delivery-assistant pay ORDER_ID   (the local stack must be running; PORT, default 3000)');
    return 2;
  }
  const base = env.DELIVERY_ASSISTANT_URL ?? `http://127.0.0.1:${env.PORT ?? 3000}`;
  let res: Response;
  try {
    res = await fetch(`${base}/dev/payments/${orderId}/approve`, { method: 'POST' });
  } catch {
    console.error(`No local stack answers at ${base}: start it with npm start (or set PORT).`);
    return 1;
  }
  const body = (await res.json().catch(() => ({}))) as {
    status?: string;
    paymentId?: string;
    error?: { message?: string };
  };
  if (!res.ok) {
    console.error(body.error?.message ?? `The local stack answered ${res.status}.`);
    return 1;
  }
  console.log(
    body.status === 'approved'
      ? `✅ paid ${body.paymentId} for order ${orderId}; the order confirms in a moment`
      : `payment ${body.paymentId} of order ${orderId} is ${body.status}: it can no longer be paid`,
  );
  return body.status === 'approved' ? 0 : 1;
}
