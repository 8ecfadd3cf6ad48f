// How the Bot API's refusals read to us: a leaf module the views and the streaming surfaces share.
import { GrammyError } from 'grammy';

/** Telegram refuses an edit that changes nothing; for a redraw that is success, not an error. */
export const isNotModified = (err: unknown) =>
  err instanceof GrammyError && err.description.includes('message is not modified');
