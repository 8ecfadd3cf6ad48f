/**
 * The single DynamoDB table and its access patterns, shared by the adapters, the local stack and CDK.
 *
 * | item            | pk                      | sk              | gsi1pk                 | gsi1sk               |
 * |-----------------|-------------------------|-----------------|------------------------|----------------------|
 * | store profile   | STORE                   | PROFILE         |                        |                      |
 * | product + stock | STORE                   | PRODUCT#<sku>   |                        |                      |
 * | order           | ORDER#<orderId>         | ORDER           | CUSTOMER#<customerId>  | <createdAt>#<id>     |
 * | idempotency key | IDEMPOTENCY#<sha256>    | IDEMPOTENCY     |                        |                      |
 * | chat link       | CHATLINK#<sha256>       | CHATLINK        |                        |                      |
 * | payment record  | PAYMENT#<key>           | PAYMENT         | PAYMENTS#<orderId>     | <at>#<key>           |
 * | chat session    | CHAT#<channel>:<chatId> | SESSION         |                        |                      |
 * | update marker   | UPDATE#<channel>:<id>   | UPDATE          |                        |                      |
 * | queued work     | QUEUE#<queue>           | <id>            |                        |                      |
 * | dead letter     | QUEUE#<queue>#DEAD      | <id>            |                        |                      |
 * | staff desk      | DESK#<conversationKey>  | DESK            |                        |                      |
 * | store control   | STORECONTROLS           | <at>#<clickId>  |                        |                      |
 *
 * GSI2 is sparse: only what is still open carries its attributes.
 *
 * | item            | gsi2pk                  | gsi2sk                    |
 * |-----------------|-------------------------|---------------------------|
 * | open order      | ORDERS#<status>         | <createdAt>#<orderId>     |
 * | open desk       | DESKS#OPEN              | <since>#<conversationKey> |
 *
 * 1. Catalog: Query pk = STORE (profile and products in one request).
 * 2. Reserve / release / commit stock: one conditional UpdateItem on the product. Holds live on the product
 *    as `holds.<orderId> = qty`, so each is atomic and idempotent without transactions (dynalite has none).
 * 3. Order by id: GetItem. Save: PutItem conditional on the version read (optimistic lock).
 * 4. A customer's orders, newest first: Query GSI1 gsi1pk = CUSTOMER#<id>, ScanIndexForward = false.
 * 5. Idempotency-Key: PutItem attribute_not_exists(pk); `expiresAt` is the TTL attribute on AWS.
 * 6. Chat session: GetItem / PutItem conditional on its version. A re-delivered chat update: PutItem
 *    attribute_not_exists(pk) on its marker fails (markers expire after a day through the TTL).
 * 7. The simulated payment provider's books: GetItem by idempotency key, PutItem attribute_not_exists(pk) (the first
 *    operation for a key wins for good); an order's operations: Query GSI1 gsi1pk = PAYMENTS#<orderId>.
 * 8. Local stack only (SQS FIFO does this on AWS): the in-process work queues ("telegram", "slack") keep each pending
 *    item until handled, `<id>` sorting in enqueue order, so a restart Queries pk = QUEUE#<queue> and resumes in order.
 *    An item that failed its last attempt moves to QUEUE#<queue>#DEAD and stays there.
 * 9. One-time chat link (the token a web or app customer opens in Telegram): PutItem under the token's hash; claimed
 *    by one UpdateItem conditional on existing, not expired, and not claimed by another chat. `expiresAt` is the TTL
 *    attribute, but TTL deletes lazily (up to days later), so the condition checks the expiry itself.
 * 10. The orders in a status, placed earliest first: Query GSI2 gsi2pk = ORDERS#<status> (App Home's orders in
 *    progress; no scan, and no list kept beside the orders). An order carries gsi2pk/gsi2sk only while it has not ended
 *    (RECEIVED to OUT_FOR_DELIVERY). Every save is a whole-item PutItem, so the save that ends an order drops them and
 *    the order leaves the index.
 * 11. Staff desk (bots/slack): one item per escalated conversation, PutItem conditional on its version (absent for a
 *    new one), so desks never contend with each other. An open desk (waiting or taken) carries gsi2pk = DESKS#OPEN,
 *    sorted by when the customer asked: App Home and the timeout sweep Query it. A desk expires (TTL) 90 days after
 *    its last write, as chat sessions do.
 * 12. Store controls' audit trail (Slack's App Home): one item per click, PutItem conditional on the click's key being
 *    new (or failed), so a redelivered click is applied once; UpdateItem records how it ended; the latest ones: Query
 *    pk = STORECONTROLS, ScanIndexForward = false. An entry expires (TTL) 90 days after the click.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  gsi1: { name: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Sparse: only open orders and open desks carry its attributes (access patterns 10 and 11). */
  gsi2: { name: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;
export const TTL_ATTRIBUTE = 'expiresAt';

export const storeKey = { pk: 'STORE', sk: 'PROFILE' };
export const productKey = (sku: string) => ({ pk: 'STORE', sk: `PRODUCT#${sku}` });
export const orderKey = (orderId: string) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' });
export const idempotencyKey = (keyHash: string) => ({ pk: `IDEMPOTENCY#${keyHash}`, sk: 'IDEMPOTENCY' });
export const chatLinkKey = (tokenHash: string) => ({ pk: `CHATLINK#${tokenHash}`, sk: 'CHATLINK' });
export const customerIndexKey = (customerId: string) => `CUSTOMER#${customerId}`;
export const PAYMENT_SK = 'PAYMENT';
export const paymentKey = (idempotencyKey: string) => ({ pk: `PAYMENT#${idempotencyKey}`, sk: PAYMENT_SK });
export const paymentsByOrderKey = (orderId: string) => `PAYMENTS#${orderId}`;
export const queuePartition = (queue: string) => `QUEUE#${queue}`;
export const queueItemKey = (queue: string, id: string) => ({ pk: queuePartition(queue), sk: id });
export const queueDeadLetterKey = (queue: string, id: string) => ({ pk: `${queuePartition(queue)}#DEAD`, sk: id });
export const openOrdersPartition = (status: string) => `ORDERS#${status}`;
export const deskKey = (conversationKey: string) => ({ pk: `DESK#${conversationKey}`, sk: 'DESK' });
export const OPEN_DESKS_PARTITION = 'DESKS#OPEN';
export const STORE_CONTROLS_PARTITION = 'STORECONTROLS';
export const storeControlKey = (at: string, id: string) => ({ pk: STORE_CONTROLS_PARTITION, sk: `${at}#${id}` });
