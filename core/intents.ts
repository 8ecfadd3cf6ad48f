// The intents a customer message can have: the names the phrase rules, the router's cheap model and the table share.
export const INTENTS = [
  'greeting',
  'browse_menu',
  'place_order',
  'order_status',
  'delivery_eta',
  'change_address',
  'cancel_order',
  'human_handoff',
  'faq',
] as const;
export type Intent = (typeof INTENTS)[number];
