// Per-chat conversation state storage: the port the chat bots use, keyed by channel and chat id, with optimistic
// versions.

/** A stored session: `state` is the bot's own JSON shape; `version` guards against lost updates. */
export interface StoredSession<T> {
  state: T;
  version: number;
}

export interface ChatSessionStore {
  get<T>(chatKey: string): Promise<StoredSession<T> | undefined>;
  /** Writes if the stored version is still `expectedVersion` (0 = new); returns the new version. Throws ConcurrentUpdate. */
  put<T>(chatKey: string, state: T, expectedVersion: number): Promise<number>;
  /** Records that an update was seen; false if it was already recorded (a re-delivery). Entries expire after a day. */
  markUpdateSeen(updateKey: string): Promise<boolean>;
}
