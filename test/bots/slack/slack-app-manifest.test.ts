// The Slack app manifest asks for what the console uses and nothing else: every Web API call in bots/slack has its
// scope, every listener its event, both commands their URL.

import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDER_COMMANDS } from '../../../bots/slack/order-actions.ts';
import { SLACK_BOT_EVENTS, SLACK_BOT_SCOPES, slackAppManifest } from '../../../bots/slack/slack-app-manifest.ts';

const ROOT = join(import.meta.dirname, '../../..');
/** The scope each Web API method needs (null: none beyond the bot token). */
const SCOPE_OF: Record<string, string | null> = {
  'auth.test': null,
  'chat.postMessage': 'chat:write',
  'chat.update': 'chat:write',
  'chat.postEphemeral': 'chat:write',
  'chat.startStream': 'chat:write',
  'chat.appendStream': 'chat:write',
  'chat.stopStream': 'chat:write',
  'chat.getPermalink': null,
  'conversations.members': 'channels:read',
  'conversations.replies': 'channels:history',
  'users.info': 'users:read',
  'reactions.add': 'reactions:write',
  'files.uploadV2': 'files:write',
  'views.publish': null,
};
const sources = () =>
  [
    ...readdirSync(join(ROOT, 'bots/slack'))
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(ROOT, 'bots/slack', f)),
    join(ROOT, 'bots/streaming/slack-surface.ts'),
  ]
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');

describe('Slack app manifest', () => {
  const manifest = slackAppManifest('https://abc123.execute-api.sa-east-1.amazonaws.com/') as any;

  it('has a scope for every Web API method the console calls', () => {
    const methods = [
      ...new Set([...sources().matchAll(/client\.([a-z]+)\.([a-zA-Z]+)\(/g)].map((m) => `${m[1]}.${m[2]}`)),
    ].sort();
    expect(methods.filter((m) => !(m in SCOPE_OF))).toEqual([]);
    const needed = [...new Set(methods.map((m) => SCOPE_OF[m]).filter((s): s is string => !!s))];
    expect(needed.filter((s) => !manifest.oauth_config.scopes.bot.includes(s))).toEqual([]);
    expect(manifest.oauth_config.scopes.bot).toEqual(Object.keys(SLACK_BOT_SCOPES));
  });

  it('subscribes to the events the listeners handle, and points events, interactivity and both commands at /slack/events', () => {
    const listened = [...new Set([...sources().matchAll(/app\.event\('([a-z_]+)'/g)].map((m) => m[1]!))].sort();
    expect(listened).toEqual(['app_home_opened', 'app_mention', 'message']);
    expect(SLACK_BOT_EVENTS).toEqual(
      expect.arrayContaining(['app_home_opened', 'app_mention', 'message.channels', 'message.groups']),
    );
    const url = 'https://abc123.execute-api.sa-east-1.amazonaws.com/slack/events';
    expect(manifest.settings.event_subscriptions.request_url).toBe(url);
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(manifest.features.slash_commands.map((c: { command: string; url: string }) => [c.command, c.url])).toEqual(
      ORDER_COMMANDS.map((c) => [c, url]),
    );
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('is printed by `delivery-assistant slack:manifest`, which refuses a missing or non-https URL', () => {
    const bin = join(ROOT, 'bin/delivery-assistant.mjs');
    const ok = spawnSync(process.execPath, [bin, 'slack:manifest', 'https://x.trycloudflare.com'], {
      encoding: 'utf8',
    });
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout).settings.event_subscriptions.request_url).toBe(
      'https://x.trycloudflare.com/slack/events',
    );
    const bad = spawnSync(process.execPath, [bin, 'slack:manifest', 'http://x'], { encoding: 'utf8' });
    expect([bad.status, bad.stdout]).toEqual([2, '']);
  });
});
