#!/usr/bin/env node
// CLI entry: registers the TypeScript loader (tsx) so the same sources run without a build step, then dispatches.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

import { register } from 'tsx/esm/api';

register();
const { main } = await import('../apps/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
