// Who may act from Slack: members of the support channel (cached briefly), and the display names recorded in order
// history.
import type { WebClient } from '@slack/web-api';

export interface StaffAccess {
  /** True when `userId` is a member of the support channel. */
  isMember(userId: string): Promise<boolean>;
  /** The name staff know each other by (display name, then real name, then the id). */
  nameOf(userId: string): Promise<string>;
}

/** Membership is re-read after this long, so someone removed from the channel loses access within a minute. */
export const MEMBERSHIP_CACHE_MS = 60_000;

export function staffAccess(client: WebClient, channel: string, now: () => number = Date.now): StaffAccess {
  let members: { ids: Set<string>; at: number } | undefined;
  // One reload at a time: work for several conversations asking at once shares it rather than each calling Slack.
  let loading: Promise<Set<string>> | undefined;
  const names = new Map<string, string>();
  async function loadMembers(): Promise<Set<string>> {
    const ids = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await client.conversations.members({ channel, limit: 1000, ...(cursor ? { cursor } : {}) });
      for (const id of page.members ?? []) ids.add(id);
      cursor = page.response_metadata?.next_cursor || undefined;
    } while (cursor);
    return ids;
  }
  return {
    async isMember(userId) {
      if (!members || now() - members.at > MEMBERSHIP_CACHE_MS) {
        loading ??= loadMembers().finally(() => {
          loading = undefined;
        });
        members = { ids: await loading, at: now() };
      }
      return members.ids.has(userId);
    },
    async nameOf(userId) {
      const known = names.get(userId);
      if (known) return known;
      try {
        const res = await client.users.info({ user: userId });
        const name = res.user?.profile?.display_name || res.user?.real_name || res.user?.name || userId;
        names.set(userId, name);
        return name;
      } catch {
        return userId;
      }
    },
  };
}
