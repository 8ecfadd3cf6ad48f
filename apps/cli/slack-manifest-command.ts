// `delivery-assistant slack:manifest <https-base-url>`: prints the Slack app manifest with every request URL filled in.
import { slackAppManifest } from '../../bots/slack/slack-app-manifest.ts';

export function slackManifestCommand(args: string[]): number {
  const base = args[0];
  if (!base || !/^https:\/\/[^\s/]+/.test(base)) {
    console.error(
      'usage: delivery-assistant slack:manifest <https-base-url>   (the API URL on AWS, or a tunnel to the local stack)',
    );
    return 2;
  }
  console.log(JSON.stringify(slackAppManifest(base), null, 2));
  return 0;
}
