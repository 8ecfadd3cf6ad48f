// Staff access against the fake Slack Web API: membership read once per minute (and once for concurrent askers), names
// cached.
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { MEMBERSHIP_CACHE_MS, staffAccess } from '../../../bots/slack/staff-access.ts';
import {
  type FakeSlackApi,
  SLACK_TEST_TOKEN,
  SUPPORT_CHANNEL,
  startFakeSlackApi,
} from '../../support/fake-slack-api.ts';

let fake: FakeSlackApi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe('staffAccess', () => {
  it('shares one conversations.members call between concurrent checks, and reloads after the cache time', async () => {
    fake = await startFakeSlackApi();
    fake.members.set(SUPPORT_CHANNEL, ['UANA']);
    let clock = 0;
    const access = staffAccess(
      new WebClient(SLACK_TEST_TOKEN, { slackApiUrl: fake.apiUrl }),
      SUPPORT_CHANNEL,
      () => clock,
    );

    const answers = await Promise.all([access.isMember('UANA'), access.isMember('UZE'), access.isMember('UANA')]);
    expect(answers).toEqual([true, false, true]);
    expect(fake.callsOf('conversations.members')).toHaveLength(1);

    fake.members.set(SUPPORT_CHANNEL, ['UANA', 'UZE']);
    expect(await access.isMember('UZE')).toBe(false);
    clock += MEMBERSHIP_CACHE_MS + 1;
    expect(await access.isMember('UZE')).toBe(true);
    expect(fake.callsOf('conversations.members')).toHaveLength(2);
  });
});
